package coop.sportello.platform.bridge;

import coop.sportello.platform.auth.Identity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The per-address authorization hook of the event-bus bridge. Each module registers, at start-up,
 * the addresses a browser may send to (inbound) or subscribe to (outbound) and a check that
 * decides for one identity and one address. Anything not registered is denied.
 */
public final class BridgeRules {

  public enum Direction { INBOUND, OUTBOUND }

  /** Decides whether {@code who} may use {@code address}; {@code body} is null for subscriptions. */
  @FunctionalInterface
  public interface Check {
    Future<Boolean> permits(Identity who, String address, JsonObject body);
  }

  /**
   * @param broadcast delivered by {@link SocketFanOut}
   * @param rechecked decided again before every message delivered to a subscriber
   */
  public record Rule(Direction direction, Pattern address, Check check, boolean broadcast, boolean rechecked) { }

  private final List<Rule> rules = new CopyOnWriteArrayList<>();

  /**
   * @param addressRegex matched against the whole address; keep it strict (e.g. a UUID pattern,
   *                     never {@code .*}) because it is also the bridge's first gate
   */
  public BridgeRules inbound(String addressRegex, Check check) {
    rules.add(new Rule(Direction.INBOUND, Pattern.compile(addressRegex), check, false, false));
    return this;
  }

  public BridgeRules outbound(String addressRegex, Check check) {
    rules.add(new Rule(Direction.OUTBOUND, Pattern.compile(addressRegex), check, false, false));
    return this;
  }

  /**
   * An outbound feed whose permission can end while the socket lives (a kiosk follows the chat of
   * the person identified at it only while that kiosk session lasts): {@code check} decides the
   * subscription and then again every message before it is delivered ({@code body} is the
   * message). Keep it cheap for the common case; deliveries it holds back stay in order.
   */
  public BridgeRules outboundRechecked(String addressRegex, Check check) {
    rules.add(new Rule(Direction.OUTBOUND, Pattern.compile(addressRegex), check, false, true));
    return this;
  }

  /**
   * An outbound feed with many subscribers per node, delivered by {@link SocketFanOut} rather than
   * the event bus: the module hands its messages to the fan-out, not to the bus.
   */
  public BridgeRules broadcast(String addressRegex, Check check) {
    rules.add(new Rule(Direction.OUTBOUND, Pattern.compile(addressRegex), check, true, false));
    return this;
  }

  /** Every rule, in the order declared (the hostile-input suite walks them). */
  public List<Rule> all() {
    return List.copyOf(rules);
  }

  public boolean isBroadcast(String address) {
    return find(Direction.OUTBOUND, address).map(Rule::broadcast).orElse(false);
  }

  public Optional<Rule> find(Direction direction, String address) {
    if (address == null) {
      return Optional.empty();
    }
    return rules.stream()
        .filter(r -> r.direction() == direction && r.address().matcher(address).matches())
        .findFirst();
  }

  /** Decides one request; unknown addresses and failed checks are denials. */
  public Future<Boolean> permits(Direction direction, Identity who, String address, JsonObject body) {
    return find(direction, address)
        .map(rule -> permits(rule, who, address, body))
        .orElse(Future.succeededFuture(false));
  }

  /** Decides one request by {@code rule}; a check that fails or throws is a denial. */
  static Future<Boolean> permits(Rule rule, Identity who, String address, JsonObject body) {
    try {
      return rule.check().permits(who, address, body).otherwise(false);
    } catch (RuntimeException thrown) {
      return Future.succeededFuture(false);
    }
  }

  List<PermittedOptions> permitted(Direction direction) {
    return rules.stream().filter(r -> r.direction() == direction)
        .map(r -> new PermittedOptions().setAddressRegex(r.address().pattern()))
        .toList();
  }
}
