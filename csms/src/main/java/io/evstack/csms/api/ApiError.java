package io.evstack.csms.api;

import java.util.List;

/**
 * Every error the API answers: the HTTP status again and a message for a person. {@code allowed} lists
 * the accepted values where the mistake was picking one that does not exist (an unknown operation).
 */
public record ApiError(int status, String error, List<String> allowed) {
    public ApiError(int status, String error) {
        this(status, error, null);
    }
}
