package io.evstack.emsp.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The eMI3 check digit against the examples published with the algorithm, and ids we make. */
class ContractIdsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "NN123ABCDEFGHI, T",
        "FRXYZ123456789, 2",
        "ITA1B2C3E4F5G6, 4",
        "ESZU8WOX834H1D, R",
        "PT73902837ABCZ, Z",
        "DE83DUIEN83QGZ, D",
        "DE83DUIEN83ZGQ, M",
        "DE8AA001234567, 0"
    })
    void publishedExamples(String fourteen, char expected) {
        assertThat(ContractIds.checkDigit(fourteen)).isEqualTo(expected);
        assertThat(ContractIds.checkDigit(fourteen.toLowerCase())).as("case does not matter").isEqualTo(expected);
        assertThat(ContractIds.valid(fourteen + expected)).isTrue();
    }

    @Test
    void theSwapOfTwoNeighboursChangesTheDigit() {
        assertThat(ContractIds.valid("DE-83D-UIEN83QGZ-D")).isTrue();
        assertThat(ContractIds.valid("DE-83D-UIEN83GQZ-D")).isFalse();
        assertThat(ContractIds.valid("DE-83D-UIEN83QGZ")).as("no check digit").isFalse();
        assertThat(ContractIds.valid("DE-83D-UIEN8")).isFalse();
    }

    @Test
    void newIdsHaveTheEmi3FormAndAValidDigit() {
        var ids = new ContractIds();
        for (int i = 0; i < 200; i++) {
            String id = ids.next("nl", "evs");
            assertThat(id).matches("NL-EVS-C[0-9A-Z]{8}-[0-9A-Z]");
            assertThat(ContractIds.valid(id)).as(id).isTrue();
        }
    }

    @Test
    void refusesWhatIsNotAnEmaid() {
        assertThatThrownBy(() -> ContractIds.checkDigit("DE8AA00123456")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContractIds.checkDigit("DE8AA00123456_")).isInstanceOf(IllegalArgumentException.class);
    }
}
