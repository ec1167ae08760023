package io.pacraft.server.command;

import io.pacraft.resp.RespValue;
import io.pacraft.server.storage.Keyspace;
import io.pacraft.server.storage.WrongTypeException;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A command that reads or changes the keyspace. {@link #execute} runs on the apply thread of every
 * replica for a write, and on the serving node after a read barrier for a read; it must be
 * deterministic given the keyspace (time and randomness come from {@link Keyspace#now()} and {@link
 * Keyspace#random()}).
 */
@FunctionalInterface
public non-sealed interface KeyspaceCommand extends Command {
  /**
   * Validates the arguments before a write is proposed, so that a malformed command costs no log
   * entry. Throws {@link CommandError}; must not touch storage. Reads need not override it.
   */
  default void check(CommandArgs args) {}

  /** Runs the command; throws {@link CommandError} (nothing it wrote takes effect). */
  RespValue execute(Keyspace ks, CommandArgs args);

  /**
   * Runs {@code command}, turning a {@link WrongTypeException} from storage into the WRONGTYPE
   * error reply: what the state machine and the read path call.
   */
  static RespValue run(KeyspaceCommand command, Keyspace ks, CommandArgs args) {
    try {
      return command.execute(ks, args);
    } catch (WrongTypeException e) {
      throw new CommandError(WrongTypeException.MESSAGE);
    }
  }

  /** A command whose arguments are validated by {@code check} before proposing. */
  static KeyspaceCommand of(Consumer<CommandArgs> check, BiFunction<Keyspace, CommandArgs, RespValue> execute) {
    return new KeyspaceCommand() {
      @Override
      public void check(CommandArgs args) {
        check.accept(args);
      }

      @Override
      public RespValue execute(Keyspace ks, CommandArgs args) {
        return execute.apply(ks, args);
      }
    };
  }
}
