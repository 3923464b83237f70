package io.evstack.sim.model;

public enum CurrentType { AC, DC }
