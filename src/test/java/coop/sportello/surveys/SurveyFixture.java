package coop.sportello.surveys;

import coop.sportello.testing.TestAccounts;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

import static coop.sportello.testing.AppTestBase.await;

/** Employees for the survey tests: an account with the employee role, in the company's group "Dipendenti". */
public final class SurveyFixture {

  private SurveyFixture() {
  }

  public static UUID employee(Vertx vertx, Pool pool, UUID company, String username) {
    UUID id = await(TestAccounts.create(vertx, pool, username, "employee"));
    await(pool.preparedQuery("""
            WITH a AS (UPDATE accounts SET company_id = $2 WHERE id = $1 RETURNING id),
                 g AS (INSERT INTO employee_groups (company_id, name) VALUES ($2, 'Dipendenti')
                       ON CONFLICT (company_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id)
            INSERT INTO employees (account_id, company_id, group_id) SELECT a.id, $2, g.id FROM a, g""")
        .execute(Tuple.of(id, company)));
    return id;
  }
}
