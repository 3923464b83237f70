-- The idToken type a station reported for a token (transaction_event.id_token_type) is what the CSMS
-- sends for that token in a local list it composes (OCPP 2.0.1 D01): looked up by token.
CREATE INDEX ix_tx_event_token ON transaction_event (id_token);
