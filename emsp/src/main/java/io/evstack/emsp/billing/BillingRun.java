package io.evstack.emsp.billing;

import java.util.List;

/**
 * What one billing run of a month did: the invoices it issued (none when everything was billed before),
 * how many CDRs they bill, and the CDRs it could not bill with the reason (unknown token, no plan, no price).
 */
public record BillingRun(String month, List<String> issued, int cdrsBilled, List<String> skipped) {
    public BillingRun {
        issued = List.copyOf(issued);
        skipped = List.copyOf(skipped);
    }
}
