package dev.kiln.cloudevents;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Runs inside SmallRye Fault Tolerance's interceptor (priority PLATFORM_AFTER + 10), so that every try of a @Retry
 * passes here. The count lives on the record's Vert.x duplicated context, where {@link DeadLetterContext} put it and
 * where the consumer method runs (on a worker thread too, with @Blocking).
 */
@CountedAttempts
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 100)
class AttemptCounting {

    @AroundInvoke
    Object count(InvocationContext invocation) throws Exception {
        DeadLetterContext.countAttempt();
        return invocation.proceed();
    }
}
