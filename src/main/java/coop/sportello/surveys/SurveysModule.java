package coop.sportello.surveys;

import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.http.ApiModule;

/**
 * The employees' needs survey (issue 23, point 5): surveys of the network or of a company, one
 * anonymous answer per employee, results with small groups hidden, the demand beside a cooperative's
 * offer. No timers, no bus.
 */
public final class SurveysModule implements Module {

  private final SurveyRoutes routes;

  private SurveysModule(Platform platform) {
    this.routes = new SurveyRoutes(new SurveyService(platform.pool(), new SurveyRepository(), platform.clock()));
  }

  public static SurveysModule create(Platform platform) {
    return new SurveysModule(platform);
  }

  @Override
  public ApiModule api() {
    return routes;
  }
}
