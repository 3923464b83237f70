package io.evstack.emsp.token;

/** Tells the CPOs we roam with about a new or changed token (the OCPI tokens module, push side). */
@FunctionalInterface
public interface TokenPush {
    /** May throw when a CPO cannot be reached; the change is stored already and stays in the pull list. */
    void push(Token token);

    TokenPush NONE = token -> {};
}
