package coop.sportello.people;

import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Concern;
import coop.sportello.platform.http.Rule;

/**
 * What staff read about a person, under /api/v1:
 * <pre>
 *   GET /people/:id/upcoming-bookings   operator, welfare_manager, supervisor -> {personId, items[booking]}
 * </pre>
 * Whom each may read is the route's {@code Concern.person}: an operator only a person on a call they
 * hold or held minutes ago (the call queue's check), a welfare manager only the citizen of a
 * conversation assigned to them (the chat's check), a supervisor anyone. Anyone else, and any id no
 * account has, gets the same 404.
 */
final class PeopleRoutes implements ApiModule {

  private final PeopleService people;

  PeopleRoutes(PeopleService people) {
    this.people = people;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.get("/people/:id/upcoming-bookings", Rule.roles(Role.OPERATOR, Role.WELFARE_MANAGER, Role.SUPERVISOR)
            .concerning(Concern.person("id")))
        .summary("Le prossime prenotazioni di una persona, per chi la sta servendo")
        .handler(ctx -> people.upcomingBookings(Access.identity(ctx), ApiRoutes.id(ctx, "id")).onSuccess(ctx::json).onFailure(ctx::fail));
  }
}
