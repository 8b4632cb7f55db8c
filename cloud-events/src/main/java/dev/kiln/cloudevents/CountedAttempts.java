package dev.kiln.cloudevents;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * Counts the attempts an @Incoming method makes at each record, its @Retry's included, so that a record it gives up
 * on says on its dead letter how often it was tried ({@link DeadLetterContext#ATTEMPTS}). Put it on every consumer
 * class.
 */
@InterceptorBinding
@Retention(RUNTIME)
@Target({ TYPE, METHOD })
public @interface CountedAttempts {
}
