package coop.sportello.calls.ari;

import coop.sportello.calls.CallAddresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Asterisk, through its REST Interface, on one side; the call distributor's two addresses on the
 * other. ARI events become call events on {@code calls.control}; commands published on
 * {@code calls.pbx.command} become ARI requests. What each event or command means is decided by
 * {@link AriCalls}; this class only carries it out. docs/TELEPHONY.md tells how to set Asterisk up.
 * <p>
 * Sportello starts whether Asterisk is up or not: the events socket keeps trying in the
 * background, and every (re)connection is followed by a comparison with Asterisk's channels and
 * bridges, since the events of the gap are lost.
 */
public final class AriAdapterVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AriAdapterVerticle.class);
  /** Tries of one calls.control request while nobody answers (a leader being elected, a restart). */
  private static final int CONTROL_TRIES = 6;
  private static final long CONTROL_RETRY_MILLIS = 250;

  private final AriSettings settings;
  private AriCalls calls;
  private AriRest rest;
  private AriEventSocket events;
  private MessageConsumer<Object> commands;

  public AriAdapterVerticle(AriSettings settings) {
    this.settings = settings;
  }

  /**
   * Deploys the adapter if the {@code calls.ari} section names a url.
   *
   * @return the deployment id, or null when no Asterisk is configured
   */
  public static Future<String> deployIfConfigured(Vertx vertx, JsonObject ari) {
    AriSettings settings;
    try {
      settings = AriSettings.from(ari);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    if (settings == null) {
      return Future.succeededFuture(null);
    }
    LOG.info("Asterisk ARI adapter: {}", settings);
    return vertx.deployVerticle(new AriAdapterVerticle(settings));
  }

  @Override
  public Future<?> start() {
    calls = new AriCalls(settings.callbackDtmf(), settings.callbackDialPattern(), () -> UUID.randomUUID().toString());
    rest = new AriRest(vertx, settings);
    // Local: the adapter acts on commands published on its own node, where its Asterisk socket is.
    commands = vertx.eventBus().localConsumer(CallAddresses.PBX_COMMAND, this::command);
    events = new AriEventSocket(vertx, settings, this::ariMessage, this::resync);
    events.start();
    return commands.completion();
  }

  @Override
  public Future<?> stop() {
    events.stop();
    return rest.close();
  }

  // ---------------------------------------------------------------- from Asterisk

  private void ariMessage(String text) {
    AriEvent event;
    try {
      event = AriJson.event(new JsonObject(text));
    } catch (DecodeException | ClassCastException e) {
      LOG.warn("Unreadable ARI event ignored: {}", e.getMessage());
      return;
    }
    run(calls.onEvent(event));
  }

  /**
   * The distributor's calls first, Asterisk's channels after: a caller the distributor holds had
   * a channel before the question, so one missing from Asterisk's later answer is gone.
   */
  private void resync() {
    Set<String> checked = calls.knownChannels();
    request(new JsonObject().put("type", "read.calls"))
        .map(AriJson::callerChannels)
        .otherwise(e -> {
          LOG.warn("Could not read the distributor's calls after connecting: {}", e.getMessage());
          return Set.of();
        })
        .compose(held -> Future.all(rest.channels(), rest.bridges())
            .onSuccess(both -> run(calls.resync(checked, held, AriJson.channelIds(both.resultAt(0)),
                AriJson.bridges(both.resultAt(1))))))
        .onFailure(e -> LOG.warn("Could not compare with Asterisk's channels after connecting: {}", e.getMessage()));
  }

  // ---------------------------------------------------------------- from the distributor

  private void command(Message<Object> msg) {
    if (!(msg.body() instanceof JsonObject body)) {
      LOG.warn("PBX command ignored: not a JSON object");
      return;
    }
    String command = body.getString("command", "");
    String callId = body.getString("callId");
    if (callId == null || callId.isBlank()) {
      LOG.warn("PBX command {} ignored: no callId", command);
      return;
    }
    try {
      List<AriStep> steps = switch (command) {
        case "route" -> {
          String operator = required(body, "operator");
          String endpoint = required(body, "endpoint");
          yield calls.route(callId, operator, endpoint, body.getInteger("ringSeconds", 20),
              body.getBoolean("callback", false), body.getString("number"));
        }
        case "cancel-ring" -> calls.cancelRing(callId, required(body, "operator"));
        case "announce" -> calls.announce(callId, body.getInteger("position", 0));
        case "hangup" -> calls.hangup(callId, body.getString("reason"));
        default -> {
          LOG.warn("Unknown PBX command '{}' ignored", command);
          yield List.of();
        }
      };
      run(steps);
    } catch (IllegalArgumentException | ClassCastException e) {
      LOG.warn("PBX command {} for {} ignored: {}", command, callId, e.getMessage());
    }
  }

  private static String required(JsonObject body, String key) {
    String value = body.getString(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + " missing");
    }
    return value;
  }

  // ---------------------------------------------------------------- carrying steps out

  private void run(List<AriStep> steps) {
    steps.forEach(this::run);
  }

  private void run(AriStep step) {
    // Java 17: no pattern matching for switch yet, so one test per kind of step.
    if (step instanceof AriStep.Notify n) {
      notify(n.event());
    } else if (step instanceof AriStep.Arrive a) {
      arrive(a.event());
    } else if (step instanceof AriStep.Hold h) {
      rest.answer(h.channelId())
          .compose(v -> rest.startHold(h.channelId()))
          .onFailure(e -> LOG.warn("Could not put {} on hold: {}", h.channelId(), e.getMessage()));
    } else if (step instanceof AriStep.ResumeHold r) {
      rest.startHold(r.channelId())
          .onFailure(e -> LOG.debug("Music on hold not resumed on {}: {}", r.channelId(), e.getMessage()));
    } else if (step instanceof AriStep.Play p) {
      rest.play(p.channelId(), p.playbackId(), p.media()).onFailure(e -> {
        LOG.debug("Announcement to {} not played: {}", p.channelId(), e.getMessage());
        run(calls.playbackDone(p.playbackId()));
      });
    } else if (step instanceof AriStep.Release r) {
      release(r);
    } else if (step instanceof AriStep.Originate o) {
      rest.originate(o).onFailure(e -> {
        LOG.warn("Originate to {} failed: {}", o.endpoint(), e.getMessage());
        run(calls.originateFailed(o.channelId()));
      });
    } else if (step instanceof AriStep.Connect c) {
      connect(c);
    } else if (step instanceof AriStep.Ring r) {
      rest.ring(r.channelId())
          .onFailure(e -> LOG.debug("No ringing indication on {}: {}", r.channelId(), e.getMessage()));
    } else if (step instanceof AriStep.HangUp h) {
      rest.hangUp(h.channelId()).onFailure(e -> gone("hang up", h.channelId(), e));
    } else if (step instanceof AriStep.RemoveBridge b) {
      rest.removeBridge(b.bridgeId()).onFailure(e -> gone("remove bridge", b.bridgeId(), e));
    }
  }

  private void arrive(CallEvent event) {
    control(event)
        .onSuccess(reply -> run(calls.arrivalReply(event.callId(), reply.getString("action"))))
        .onFailure(e -> {
          LOG.warn("call.arrived for {} not taken: {}", event.callId(), e.getMessage());
          run(calls.arrivalReply(event.callId(), null));
        });
  }

  /** Good-bye: the caller is hung up whatever happens to the message (not played, never finished). */
  private void release(AriStep.Release r) {
    Future<Void> answered = r.answerFirst() ? rest.answer(r.channelId()) : Future.succeededFuture();
    answered.compose(v -> rest.play(r.channelId(), r.playbackId(), r.media()))
        .onFailure(e -> {
          LOG.debug("Good-bye {} to {} not played: {}", r.media(), r.channelId(), e.getMessage());
          run(calls.playbackDone(r.playbackId()));
        });
    vertx.setTimer(settings.releaseMillis(), id -> run(calls.playbackDone(r.playbackId())));
  }

  private void connect(AriStep.Connect c) {
    rest.createBridge(c.bridgeId())
        .compose(v -> rest.addToBridge(c.bridgeId(), List.of(c.customerLeg(), c.operatorLeg())))
        .compose(v -> c.stopHold() ? rest.stopHold(c.customerLeg()).otherwiseEmpty() : Future.succeededFuture())
        .onSuccess(v -> {
          // Reported only if nobody hung up while the bridge was being made, so that call.ended never precedes it.
          if (c.answered() != null && calls.isTalking(c.callId(), c.operatorLeg())) {
            notify(c.answered());
          }
        })
        .onFailure(e -> {
          LOG.info("Call {} could not be connected to {}: {}", c.callId(), c.operatorLeg(), e.getMessage());
          run(calls.connectFailed(c.callId(), c.operatorLeg()));
        });
  }

  private static void gone(String what, String id, Throwable e) {
    if (e instanceof AriRest.Refused refused && refused.status == 404) {
      return; // already gone, which is what was wanted
    }
    LOG.warn("Could not {} {}: {}", what, id, e.getMessage());
  }

  private void notify(CallEvent event) {
    control(event).onFailure(e -> LOG.warn("{} for {} not taken: {}", event.type(), event.callId(), e.getMessage()));
  }

  /**
   * One request on calls.control. Tried again, with the same eventId, while nobody answers or the
   * reply is late; a refusal is final.
   */
  private Future<JsonObject> control(CallEvent event) {
    return request(AriJson.callEvent(event));
  }

  private Future<JsonObject> request(JsonObject body) {
    Promise<JsonObject> result = Promise.promise();
    attempt(body, 1, result);
    return result.future();
  }

  private void attempt(JsonObject body, int tryNumber, Promise<JsonObject> result) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(settings.controlTimeoutMillis());
    vertx.eventBus().request(CallAddresses.CONTROL, body, options)
        .onSuccess(reply -> result.complete(reply.body() instanceof JsonObject json ? json : new JsonObject()))
        .onFailure(e -> {
          boolean unanswered = e instanceof ReplyException re
              && (re.failureType() == ReplyFailure.NO_HANDLERS || re.failureType() == ReplyFailure.TIMEOUT);
          if (unanswered && tryNumber < CONTROL_TRIES) {
            vertx.setTimer(CONTROL_RETRY_MILLIS << (tryNumber - 1), id -> attempt(body, tryNumber + 1, result));
          } else {
            result.fail(e);
          }
        });
  }
}
