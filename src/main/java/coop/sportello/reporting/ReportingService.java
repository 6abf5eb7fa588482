package coop.sportello.reporting;

import coop.sportello.platform.auth.Identity;
import coop.sportello.providers.ProvidersRepository;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Problem;
import coop.sportello.reporting.domain.ExportRow;
import coop.sportello.reporting.domain.HomeCareOver75;
import coop.sportello.reporting.domain.Pseudonyms;
import coop.sportello.reporting.domain.Report;
import coop.sportello.reporting.domain.ReportAccess;
import coop.sportello.reporting.domain.ReportPeriod;
import coop.sportello.reporting.domain.ReportScope;
import coop.sportello.reporting.domain.WorkingDays;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Reports and their exports: who may read which (ReportAccess), the figures, the rows page by page. */
final class ReportingService {

  private final Pool pool;
  private final ReportingRepository repository;
  private final Clock clock;
  private volatile Pseudonyms pseudonyms;

  ReportingService(Pool pool, ReportingRepository repository, Clock clock) {
    this.pool = pool;
    this.repository = repository;
    this.clock = clock;
  }

  /** Loads the report key (V58 {@code report_secret}) once at start. */
  Future<Void> start() {
    return pool.query("SELECT secret FROM report_secret").execute()
        .map(rows -> {
          pseudonyms = new Pseudonyms(rows.iterator().next().getBuffer("secret").getBytes());
          return null;
        });
  }

  /** Folds report_day_sums' appended differences (the relay of {@link ReportingModule}); how many rows it took. */
  Future<Integer> foldDaySums() {
    return repository.foldDaySums(pool);
  }

  /** What a caller may read of a scope's entity: the entity's name and whether small groups are hidden; else a problem. */
  record Allowed(String name, boolean hideSmallGroups) { }

  Future<Allowed> allow(Identity who, ReportScope scope, String entity) {
    if (!scope.wellFormed(entity)) {
      return Future.failedFuture(Problem.notFound("Nessun rapporto con questo identificativo."));
    }
    return officerMunicipality(who).compose(officerOf -> repository.entity(pool, scope, entity).compose(found -> {
      ReportAccess.Caller caller = new ReportAccess.Caller(who.roles(), who.providerId(), who.companyId(), officerOf.orElse(null));
      return switch (ReportAccess.decide(caller, scope, entity, found)) {
        case ALLOWED -> Future.succeededFuture(new Allowed(found.orElseThrow().name(), false));
        case ALLOWED_HIDING_SMALL_GROUPS -> Future.succeededFuture(new Allowed(found.orElseThrow().name(), true));
        case NOT_FOUND -> Future.failedFuture(Problem.notFound("Nessun rapporto con questo identificativo."));
        case FORBIDDEN -> Future.failedFuture(Problem.forbidden("Non puoi vedere i rapporti di questo tipo."));
      };
    }));
  }

  /** A municipal officer's Comune's ISTAT code (providers' one answer to it); empty for anyone else. */
  private Future<Optional<String>> officerMunicipality(Identity who) {
    return who.hasRole(Role.MUNICIPAL_OFFICER)
        ? ProvidersRepository.municipalityOfComune(pool, who.providerId()) : Future.succeededFuture(Optional.empty());
  }

  /** What the caller may pick on the screen (ReportAccess decides again on each report). */
  Future<List<ReportingRepository.Choice>> choices(Identity who) {
    boolean everything = who.hasRole(Role.SUPERVISOR);
    java.util.UUID provider = who.hasRole(Role.PROVIDER_ADMIN) && who.providerId() != null ? java.util.UUID.fromString(who.providerId()) : null;
    java.util.UUID company = who.hasRole(Role.HR_ADMIN) && who.companyId() != null ? java.util.UUID.fromString(who.companyId()) : null;
    return officerMunicipality(who).compose(m -> repository.choices(pool, everything, provider, m.orElse(null), company));
  }

  Future<Report> report(Identity who, ReportScope scope, String entity, ReportPeriod period) {
    return allow(who, scope, entity).compose(allowed -> repository.figures(pool, scope, entity, period).compose(f -> {
      HomeCareOver75.Split homeCare = HomeCareOver75.split(f.homeCare(), period.to());
      long withoutCf = f.homeCareWithoutCf() + homeCare.unreadable();
      long camps = 0;
      long campPeople = 0;
      long freed = 0;
      for (ReportingRepository.Camp c : f.camps()) {
        camps += c.places();
        campPeople += c.people();
        LocalDate first = c.first().isBefore(period.from()) ? period.from() : c.first();
        LocalDate last = c.last().isAfter(period.to()) ? period.to() : c.last();
        freed += (long) WorkingDays.between(first, last) * c.places();
      }
      long children = camps;
      long parents = campPeople;
      long freedDays = freed;
      Future<Report.FrontDesk> desk = scope == ReportScope.NETWORK ? repository.frontDesk(pool, period) : Future.succeededFuture(null);
      Future<List<Report.TicketSales>> tickets = repository.ticketSales(pool, scope, entity, period, clock.instant());
      return repository.homeCareOver75(pool, scope, entity, period, homeCare.turning()).compose(turned -> desk.compose(frontDesk -> tickets.map(sold -> {
        Report.Impact impact = new Report.Impact(homeCare.minutes() + turned[0], homeCare.people() + turned[1], withoutCf,
            children, parents, freedDays,
            f.conciliationMinutes(), f.conciliationPeople(), false, false, false);
        Report report = new Report(scope, entity, allowed.name(), period, f.total(), f.byMonth(), f.byArea(), f.channels(),
            f.waiting(), impact, frontDesk, false, sold);
        return allowed.hideSmallGroups() ? report.hideSmallGroups() : report;
      })));
    }));
  }

  /** The rows of an export, page by page, the person already pseudonymous; {@code null} after the last page. Always closed. */
  interface Rows {
    Future<List<ExportRow>> next();

    Future<Void> close();
  }

  /** The export's rows once the caller may have them: never for a company's HR (per-person rows, 403). */
  Future<Rows> export(Identity who, ReportScope scope, String entity, ReportPeriod period) {
    return allow(who, scope, entity).compose(allowed -> {
      if (allowed.hideSmallGroups()) {
        return Future.failedFuture(Problem.forbidden(
            "Le righe per persona non si scaricano per un'azienda: il rapporto mostra solo gruppi di almeno 5 persone."));
      }
      return repository.export(pool, scope, entity, period).map(cursor -> (Rows) new Rows() {
        @Override
        public Future<List<ExportRow>> next() {
          return cursor.next().map(page -> page == null ? null : page.stream().map(r -> new ExportRow(r.date(), r.service(), r.area(),
              r.provider(), r.municipality(), r.outcome(), r.minutes(), r.priceCents(), r.channels(), r.waitingDays(),
              pseudonyms.of(scope, entity, r.person()))).toList());
        }

        @Override
        public Future<Void> close() {
          return cursor.close();
        }
      });
    });
  }
}
