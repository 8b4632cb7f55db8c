package dev.kiln.gateway.deadletters;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * Counts the attempts at each record an @Incoming method makes (its @Retry included), so that a record that is
 * dead-lettered says how often it was tried ({@link DeadLetterHeaders#ATTEMPTS}).
 */
@InterceptorBinding
@Retention(RUNTIME)
@Target({ TYPE, METHOD })
public @interface CountedAttempts {
}
