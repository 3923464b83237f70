package io.evstack.emsp.web;

/** Every error of the driver and fleet APIs: the HTTP status again and a message for a person. */
public record ApiError(int status, String error) {}
