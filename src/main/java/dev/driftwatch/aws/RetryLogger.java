package dev.driftwatch.aws;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Makes the SDK's silent retries visible: a call that needed more than one attempt is logged with its
 * operation and attempt count, a call that failed after its retries with the reason. Counts both.
 */
public final class RetryLogger implements ExecutionInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger("dev.driftwatch.aws");
    private static final ExecutionAttribute<AtomicInteger> ATTEMPTS = new ExecutionAttribute<>("driftwatch.attempts");

    private final LongAdder retriedCalls = new LongAdder();
    private final LongAdder failedCalls = new LongAdder();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(ATTEMPTS, new AtomicInteger());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        AtomicInteger attempts = attributes.getAttribute(ATTEMPTS);
        if (attempts != null) {
            attempts.incrementAndGet();
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        int attempts = attempts(attributes);
        if (attempts > 1) {
            retriedCalls.increment();
            LOG.warn(
                    "aws call succeeded after retries service={} operation={} attempts={}",
                    attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                    attempts);
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable failure = context.exception();
        if (failure instanceof ConditionalCheckFailedException || failure instanceof TransactionCanceledException) {
            return; // expected outcomes: a replayed finding, a lost optimistic race, a cancelled transaction
        }
        if (failure instanceof ResourceInUseException) {
            // Creating a table that exists: every create is idempotent by design (tables create, demo, tests).
            LOG.debug(
                    "aws call found the resource in place service={} operation={}",
                    attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            return;
        }
        if (causedBy(failure, RejectedExecutionException.class)) {
            // A retry scheduled while the clients close (a command stopping with work in flight, e.g. an alert's
            // sent mark): what it would have written stays pending in the outbox, which a later run resumes.
            LOG.debug(
                    "aws call abandoned at shutdown service={} operation={}",
                    attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            return;
        }
        failedCalls.increment();
        if (failure instanceof ResourceNotFoundException) {
            // KCL probes for its lease tables before creating them; an operator needs no warning.
            LOG.debug(
                    "aws call found no resource service={} operation={} error=\"{}\"",
                    attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                    firstLine(failure.getMessage()));
            return;
        }
        LOG.warn(
                "aws call failed service={} operation={} attempts={} error=\"{}\"",
                attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                attempts(attributes),
                firstLine(failure.getMessage()));
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** Calls that succeeded only after a retry. */
    public long retriedCalls() {
        return retriedCalls.sum();
    }

    /** Calls that failed after all of the SDK's attempts (expected conditional outcomes not counted). */
    public long failedCalls() {
        return failedCalls.sum();
    }

    private static int attempts(ExecutionAttributes attributes) {
        AtomicInteger attempts = attributes.getAttribute(ATTEMPTS);
        return attempts == null ? 0 : attempts.get();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
