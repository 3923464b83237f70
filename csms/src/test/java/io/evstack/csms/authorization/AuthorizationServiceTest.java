package io.evstack.csms.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.evstack.csms.CsmsException;
import io.evstack.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AuthorizationServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void aBlockedOrExpiredParentBlocksOrExpiresItsChildren(Database db) {
        var auth = new AuthorizationService(db.dsl(), Clock.fixed(NOW, ZoneOffset.UTC));
        auth.create("PARENT", null, NOW.plusSeconds(3600), false, 0, null);
        auth.create("CHILD", "PARENT", NOW.plusSeconds(7200), false, 1, null);
        Authorization child = auth.authorize("CHILD");
        assertThat(child.status()).isEqualTo(AuthorizationStatus.Accepted);
        // The earlier expiry wins, so a charger's cache never outlives the parent.
        assertThat(child.expiryDate()).isEqualTo(NOW.plusSeconds(3600));

        auth.update("PARENT", null, NOW.plusSeconds(3600), true, 0, null);
        assertThat(auth.authorize("CHILD").status()).isEqualTo(AuthorizationStatus.Blocked);
        auth.update("PARENT", null, NOW.minusSeconds(1), false, 0, null);
        assertThat(auth.authorize("CHILD").status()).isEqualTo(AuthorizationStatus.Expired);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.evstack.db.TestDatabases#all")
    void idTagsAreValidatedAndUnique(Database db) {
        var auth = new AuthorizationService(db.dsl(), Clock.fixed(NOW, ZoneOffset.UTC));
        auth.create("CARD", null, null, false, null, null);
        assertThat(auth.get("CARD").maxActiveTransactions()).isEqualTo(1);
        assertThatThrownBy(() -> auth.create("CARD", null, null, false, 1, null))
                .isInstanceOf(CsmsException.class).extracting(e -> ((CsmsException) e).kind()).isEqualTo(CsmsException.Kind.CONFLICT);
        assertThatThrownBy(() -> auth.create("X".repeat(21), null, null, false, 1, null))
                .isInstanceOf(CsmsException.class).hasMessageContaining("20");
        assertThatThrownBy(() -> auth.create("SELF", "SELF", null, false, 1, null)).hasMessageContaining("own parent");
        assertThatThrownBy(() -> auth.delete("NOPE")).extracting(e -> ((CsmsException) e).kind())
                .isEqualTo(CsmsException.Kind.NOT_FOUND);
    }
}
