package dev.kiln.gateway.deadletters;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Runs inside SmallRye Fault Tolerance's interceptor (priority PLATFORM_AFTER + 10), so that each try of a @Retry
 * passes here and is counted.
 */
@CountedAttempts
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 100)
class AttemptCounting {

    @Inject
    DeliveryAttempts attempts;

    @AroundInvoke
    Object count(InvocationContext invocation) throws Exception {
        Object[] parameters = invocation.getParameters();
        attempts.started(parameters);
        Object result = invocation.proceed();
        attempts.succeeded(parameters);
        return result;
    }
}
