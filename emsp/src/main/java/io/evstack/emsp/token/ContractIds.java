package io.evstack.emsp.token;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Contract ids (eMAIDs) in the eMI3 form {@code CC-PPP-CXXXXXXXX-D}: country, provider id, an instance
 * that starts with C followed by 8 alphanumerics, and the check digit of the eMI3 paper "Check Digit
 * Calculation for Contract-IDs" (the one ISO 15118 and OCPI contract ids use).
 *
 * <p>The check digit: each of the 14 characters (separators left out) is a value a = 9q + r with
 * q = (q1, q2) over Z2 and r = (r1, r2) over Z3 (a digit or letter 0-9A-Z is 0-35). With
 * P1 = [[0,1],[1,1]] over Z2 and P2 = [[0,1],[1,2]] over Z3, the 15th character is the one for which
 * the sums of q_i P1^i and of r_i P2^i over i = 1..15 are both zero. This catches single errors,
 * adjacent and jump transpositions, and twin and jump-twin errors.
 */
public final class ContractIds {
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final Pattern FORM = Pattern.compile("^([A-Z]{2})-?([A-Z0-9]{3})-?([A-Z0-9]{9})(?:-?([A-Z0-9]))?$");
    private static final int[][] P1 = {{0, 1}, {1, 1}};
    private static final int[][] P2 = {{0, 1}, {1, 2}};
    /** The orders of P1 (3, over Z2) and P2 (8, over Z3): P^order is the identity. */
    private static final int P1_ORDER = 3;
    private static final int P2_ORDER = 8;

    private final SecureRandom random = new SecureRandom();

    /** A new contract id {@code CC-PPP-C<8 random alphanumerics>-<check digit>}. */
    public String next(String countryCode, String partyId) {
        StringBuilder instance = new StringBuilder("C");
        for (int i = 0; i < 8; i++) {
            instance.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        String cc = countryCode.toUpperCase(Locale.ROOT);
        String party = partyId.toUpperCase(Locale.ROOT);
        return cc + "-" + party + "-" + instance + "-" + checkDigit(cc + party + instance);
    }

    /** The check digit of the 14 characters of an eMAID without separators and check digit. */
    public static char checkDigit(String fourteen) {
        String s = fourteen.toUpperCase(Locale.ROOT);
        if (s.length() != 14) {
            throw new IllegalArgumentException("A contract id without check digit has 14 characters, not " + s.length());
        }
        int[] q = new int[2];
        int[] r = new int[2];
        for (int i = 0; i < 14; i++) {
            int a = ALPHABET.indexOf(s.charAt(i));
            if (a < 0) {
                throw new IllegalArgumentException("Not a digit or letter A-Z: '" + s.charAt(i) + "'");
            }
            add(q, times(new int[] {a / 9 / 2, a / 9 % 2}, power(P1, i + 1, 2), 2), 2);
            add(r, times(new int[] {a % 9 / 3, a % 9 % 3}, power(P2, i + 1, 3), 3), 3);
        }
        // x15 · P^15 = -sum, so x15 = -sum · P^-15 = -sum · P^(order - 15 mod order).
        int[] q15 = times(negate(q, 2), power(P1, Math.floorMod(-15, P1_ORDER), 2), 2);
        int[] r15 = times(negate(r, 3), power(P2, Math.floorMod(-15, P2_ORDER), 3), 3);
        return ALPHABET.charAt((q15[0] * 2 + q15[1]) * 9 + r15[0] * 3 + r15[1]);
    }

    /** True if {@code contractId} has the eMAID form (separators optional) and its check digit is right. */
    public static boolean valid(String contractId) {
        var m = FORM.matcher(contractId == null ? "" : contractId.toUpperCase(Locale.ROOT));
        return m.matches() && m.group(4) != null
                && checkDigit(m.group(1) + m.group(2) + m.group(3)) == m.group(4).charAt(0);
    }

    private static int[] times(int[] row, int[][] m, int mod) {
        return new int[] {(row[0] * m[0][0] + row[1] * m[1][0]) % mod, (row[0] * m[0][1] + row[1] * m[1][1]) % mod};
    }

    private static int[][] power(int[][] m, int n, int mod) {
        int[][] result = {{1, 0}, {0, 1}};
        for (int i = 0; i < n; i++) {
            result = multiply(result, m, mod);
        }
        return result;
    }

    private static int[][] multiply(int[][] a, int[][] b, int mod) {
        int[][] c = new int[2][2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                c[i][j] = (a[i][0] * b[0][j] + a[i][1] * b[1][j]) % mod;
            }
        }
        return c;
    }

    private static void add(int[] sum, int[] v, int mod) {
        sum[0] = (sum[0] + v[0]) % mod;
        sum[1] = (sum[1] + v[1]) % mod;
    }

    private static int[] negate(int[] v, int mod) {
        return new int[] {(mod - v[0]) % mod, (mod - v[1]) % mod};
    }
}
