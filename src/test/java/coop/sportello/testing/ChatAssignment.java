package coop.sportello.testing;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import static coop.sportello.testing.AppTestBase.await;

/**
 * A welfare manager books only for the citizen of a conversation they handle (issue 18). For tests
 * about bookings rather than chat, this writes such a conversation straight in the database, as
 * the chat leaves it once the manager accepted it: their profile with one conversation's load, and
 * the person's conversation, active with them. Their last heartbeat is set in the far future, so
 * that the chat's sweep never takes the conversation back from a manager with no console open;
 * not available, so that routing offers them nothing. ChatDeskTest goes through the chat itself.
 */
public final class ChatAssignment {

  private ChatAssignment() { }

  /** The welfare manager signed in as {@code managerUsername} now handles a conversation of {@code person} (an account id). */
  public static void handles(Pool pool, String managerUsername, String person) {
    await(pool.preparedQuery("""
        WITH m AS (
          INSERT INTO chat_managers (subject, display_name, areas, languages, active_chats, seen_at)
          SELECT id::text, display_name, ARRAY(SELECT code FROM service_areas), ARRAY['it'], 1, 'infinity'::timestamptz
            FROM accounts WHERE username = $1
          ON CONFLICT (subject) DO UPDATE SET active_chats = chat_managers.active_chats + 1
          RETURNING subject)
        INSERT INTO chat_conversations (owner, owner_name, owner_request, topic, language, status, manager, offered_at, accepted_at)
        SELECT $2, 'Cittadino', 'assegnata-' || gen_random_uuid(), 'elderly', 'it', 'active', subject, now(), now() FROM m""")
        .execute(Tuple.of(managerUsername, person)));
  }
}
