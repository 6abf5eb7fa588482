package coop.sportello.platform;

import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** A verticle a module deploys at start and undeploys at stop (if it got that far). */
public final class Deployment {

  private final Vertx vertx;
  private String id;

  public Deployment(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<Void> deploy(Deployable verticle) {
    return vertx.deployVerticle(verticle).map(deployed -> {
      id = deployed;
      return null;
    });
  }

  public Future<Void> undeploy() {
    return id == null ? Future.succeededFuture() : vertx.undeploy(id);
  }
}
