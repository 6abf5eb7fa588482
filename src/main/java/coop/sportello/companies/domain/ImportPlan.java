package coop.sportello.companies.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * What importing a checked employee list into a company would do, row by row, given what the
 * database holds now ({@link Facts}): create an account and invite the person, attach the existing
 * account of the same codice fiscale (the same person, never a second account), update a current
 * employee whose data changed, or nothing. A row with any problem makes the whole import a report
 * only: applying writes all rows or none. Pure; the service reads the facts and writes the plan.
 */
public final class ImportPlan {

  public enum Action { CREATE, ATTACH, UPDATE, UNCHANGED, REFUSED }

  /** A person already known by codice fiscale, and their employee row in this company if any. */
  public record Person(UUID accountId, String email, UUID otherCompany, boolean employedElsewhere, Employee employee) { }

  /**
   * A person's employee row in this company. {@code companyManaged}: the import created the account
   * and nobody has signed in with it yet, so the company may still correct its name and e-mail.
   */
  public record Employee(UUID groupId, String badge, boolean left, boolean companyManaged, String displayName) { }

  /** A current employee who may be closed when the file lists everyone. */
  public record Current(UUID accountId, String codiceFiscale, String displayName) { }

  /**
   * What the database says: the company's groups by lower-case name, people by codice fiscale,
   * which account holds an e-mail address (or a username equal to it) and which holds a badge.
   */
  public record Facts(Map<String, UUID> groups, Map<String, Person> people, Map<String, UUID> emailOwners,
                      Map<String, UUID> badgeOwners, List<Current> current) { }

  public record Decision(EmployeeList.Row row, Action action, UUID groupId, Person person, List<String> changes,
                         List<String> problems) {
    public boolean emailChanges() {
      return person != null && person.employee() != null && person.employee().companyManaged()
          && !Objects.equals(person.email(), row.email());
    }

    public boolean nameChanges() {
      return person != null && person.employee() != null && person.employee().companyManaged()
          && !Objects.equals(person.employee().displayName(), row.displayName());
    }
  }

  public record Plan(List<Decision> decisions, List<Current> leavers) {
    public boolean refused() {
      return decisions.stream().anyMatch(d -> d.action() == Action.REFUSED);
    }

    public long count(Action action) {
      return decisions.stream().filter(d -> d.action() == action).count();
    }
  }

  private ImportPlan() { }

  public static Plan of(List<EmployeeList.Row> rows, Facts facts, boolean closeMissing) {
    List<Decision> decisions = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (EmployeeList.Row row : rows) {
      listed.add(row.codiceFiscale());
      decisions.add(decide(row, facts));
    }
    List<Current> leavers = closeMissing
        ? facts.current().stream().filter(c -> c.codiceFiscale() == null || !listed.contains(c.codiceFiscale())).toList()
        : List.of();
    return new Plan(decisions, leavers);
  }

  private static Decision decide(EmployeeList.Row row, Facts facts) {
    List<String> problems = new ArrayList<>(row.problems());
    UUID groupId = row.group().isEmpty() ? null : facts.groups().get(row.group().toLowerCase(Locale.ROOT));
    if (!row.group().isEmpty() && groupId == null) {
      problems.add("Il gruppo «" + row.group() + "» non esiste nella tua azienda: crealo nei piani o correggi il nome.");
    }
    Person person = facts.people().get(row.codiceFiscale());
    UUID self = person == null ? null : person.accountId();
    if (person != null && person.employedElsewhere()) {
      problems.add("Questa persona risulta dipendente di un'altra azienda: non può essere importata.");
    } else if (person != null && person.otherCompany() != null) {
      problems.add("L'account di questa persona è collegato a un'altra azienda: non può essere importata.");
    }
    boolean writesEmail = person == null || (person.employee() != null && person.employee().companyManaged());
    UUID emailOwner = row.email().isEmpty() ? null : facts.emailOwners().get(row.email());
    if (writesEmail && emailOwner != null && !emailOwner.equals(self)) {
      problems.add("L'indirizzo e-mail è già usato da un'altra persona.");
    }
    UUID badgeOwner = row.badge() == null ? null : facts.badgeOwners().get(row.badge());
    if (badgeOwner != null && !badgeOwner.equals(self)) {
      problems.add("Il badge è già di un'altra persona.");
    }
    if (!problems.isEmpty()) {
      return new Decision(row, Action.REFUSED, groupId, person, List.of(), problems);
    }
    if (person == null) {
      return new Decision(row, Action.CREATE, groupId, null, List.of("nuovo account: riceverà l'invito"), problems);
    }
    if (person.employee() == null) {
      return new Decision(row, Action.ATTACH, groupId, person,
          List.of("la persona ha già un account: diventa dipendente, senza un secondo account"), problems);
    }
    return changes(row, groupId, person);
  }

  private static Decision changes(EmployeeList.Row row, UUID groupId, Person person) {
    Employee employee = person.employee();
    List<String> changes = new ArrayList<>();
    if (employee.left()) {
      changes.add("torna tra i dipendenti");
    }
    if (!employee.groupId().equals(groupId)) {
      changes.add("nuovo gruppo: " + row.group());
    }
    if (!Objects.equals(employee.badge(), row.badge())) {
      changes.add(row.badge() == null ? "badge tolto" : "nuovo badge: " + row.badge());
    }
    Decision probe = new Decision(row, Action.UPDATE, groupId, person, changes, List.of());
    if (probe.emailChanges()) {
      changes.add("nuovo indirizzo e-mail: riceverà un nuovo invito");
    }
    if (probe.nameChanges()) {
      changes.add("nome corretto: " + row.displayName());
    }
    return changes.isEmpty()
        ? new Decision(row, Action.UNCHANGED, groupId, person, List.of("nessuna modifica"), List.of())
        : new Decision(row, Action.UPDATE, groupId, person, List.copyOf(changes), List.of());
  }
}
