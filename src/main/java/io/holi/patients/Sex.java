package io.holi.patients;

public enum Sex { FEMALE, MALE, OTHER, UNKNOWN }
