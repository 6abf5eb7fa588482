package coop.sportello.catalog;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * Delivers one read-only JsonObject to every local consumer without copying it. An availability
 * change fans out to thousands of bridge sockets; the default codec would deep-copy the body for
 * each of them. Senders must never change a message sent with this codec.
 */
final class SharedJsonCodec implements MessageCodec<JsonObject, JsonObject> {

  static final String NAME = "sportello-shared-json";

  @Override
  public void encodeToWire(Buffer buffer, JsonObject json) {
    Buffer encoded = json.toBuffer();
    buffer.appendInt(encoded.length());
    buffer.appendBuffer(encoded);
  }

  @Override
  public JsonObject decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length));
  }

  @Override
  public JsonObject transform(JsonObject json) {
    return json;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
