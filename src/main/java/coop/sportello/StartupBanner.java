package coop.sportello;

import coop.sportello.calls.CallModule;

import coop.sportello.demo.DemoData;

/** What a person starting Sportello needs to see: where it is and how to sign in. */
final class StartupBanner {

  private StartupBanner() { }

  /** Where e-mails go, or how to make them go: without a server they wait and end as dead letters. */
  private static String mailServer(Application app) {
    var email = app.config().getJsonObject("notifications").getJsonObject("email");
    return email.getString("host").isBlank() ? "nessun server SMTP / no SMTP server: SPORTELLO_SMTP_HOST"
        : email.getString("host") + ":" + email.getInteger("port");
  }

  static String render(Application app, long startMillis) {
    String base = app.config().getJsonObject("http").getString("publicUrl");
    if (base.isBlank()) {
      base = "http://localhost:" + app.port();
    }
    StringBuilder out = new StringBuilder()
        .append("\n==================== Sportello è pronto / Sportello is ready (").append(startMillis).append(" ms) ====================\n")
        .append("  Portale / Portal        ").append(base).append("/\n")
        .append("  Console operatori       ").append(base).append("/console.html\n")
        .append("  Parete supervisore      ").append(base).append("/parete.html\n")
        .append("  Chiosco welfare point   ").append(base).append("/chiosco.html\n")
        .append("  Gestione cooperativa    ").append(base).append("/gestione.html\n")
        .append("  API                     ").append(base).append("/api/v1\n")
        .append("  Event bus (SockJS)      ").append(base).append("/eventbus\n")
        .append("  Health                  ").append(base).append("/health/ready\n")
        .append("  Metrics (Prometheus)    ").append(base).append("/metrics\n")
        .append("  Database                ").append(app.embeddedDatabase() ? "embedded PostgreSQL" : "external PostgreSQL").append('\n')
        .append("  Avvisi / Notifications  ").append(base).append("/avvisi.html  (e-mail: ").append(mailServer(app)).append(")\n");
    if (!app.demoLogins().isEmpty()) {
      out.append("\n  Accessi demo / Demo logins\n");
      for (DemoData.DemoLogin login : app.demoLogins()) {
        out.append(String.format("    %-16s %-22s %s%n", login.role(), login.username(), login.secret()));
      }
      if (app.module(CallModule.class).webhookSecretGenerated()) {
        out.append("\n  Centralino / PBX webhook  ").append(base).append("/api/v1/telephony/events")
            .append("  (segreto / secret: ").append(app.module(CallModule.class).webhookSecret()).append(", docs/TELEPHONY.md)\n");
      }
    }
    out.append("=".repeat(96)).append('\n');
    return out.toString();
  }
}
