package coop.sportello.payments.card;

import io.vertx.core.Future;

/** Who acts on verified card events (the payments service); handling the same event twice changes nothing. */
public interface CardEvents {

  Future<Void> handle(CardEvent event);
}
