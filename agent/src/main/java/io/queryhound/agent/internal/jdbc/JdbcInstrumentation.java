package io.queryhound.agent.internal.jdbc;

import io.queryhound.internal.bridge.AgentBridge;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isSubTypeOf;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * What the agent instruments in JDBC: the implementations (never the interfaces) of
 * {@code Statement}, {@code PreparedStatement}, {@code CallableStatement}, {@code Connection},
 * {@code ResultSet}, {@code DataSource} and {@code Driver}, whichever class loader loaded them. The
 * advice is inlined, wraps nothing and adds no member, so the application's objects keep their
 * classes: {@code instanceof}, vendor casts and {@code unwrap} behave exactly as without the agent.
 *
 * <p>The nested {@code *Advice} classes are bytecode templates: they call {@link AgentBridge} and
 * nothing else, and they suppress anything thrown. The logic is in {@link JdbcCapture}.
 */
public final class JdbcInstrumentation {

    private JdbcInstrumentation() {
    }

    private static final AdviceTransformer STATEMENT =
            advice(StatementExecuteSqlAdvice.class, executeMethods().and(takesArgument(0, String.class)))
                    .and(advice(StatementExecuteAdvice.class, executeMethods().and(takesArguments(0))))
                    .and(advice(StatementBatchAdvice.class,
                            namedOneOf("executeBatch", "executeLargeBatch").and(takesArguments(0)).and(concrete())))
                    .and(advice(AddBatchAdvice.class, named("addBatch").and(takesArguments(0)).and(concrete())))
                    .and(advice(AddBatchSqlAdvice.class,
                            named("addBatch").and(takesArguments(1)).and(takesArgument(0, String.class)).and(concrete())))
                    .and(advice(ClearBatchAdvice.class, named("clearBatch").and(takesArguments(0)).and(concrete())))
                    .and(advice(GetResultSetAdvice.class, named("getResultSet").and(takesArguments(0)).and(concrete())))
                    .and(advice(StatementCloseAdvice.class, named("close").and(takesArguments(0)).and(concrete())));
    private static final AdviceTransformer PREPARED_STATEMENT =
            advice(SetParameterAdvice.class, parameterSetters().and(not(named("setNull")))
                    .and(not(intSetter())).and(not(longSetter())))
                    .and(advice(SetIntAdvice.class, intSetter()))
                    .and(advice(SetLongAdvice.class, longSetter()))
                    .and(advice(SetNullAdvice.class, parameterSetters().and(named("setNull"))))
                    .and(advice(ClearParametersAdvice.class, named("clearParameters").and(takesArguments(0)).and(concrete())));
    private static final AdviceTransformer CONNECTION =
            advice(PrepareAdvice.class, namedOneOf("prepareStatement", "prepareCall")
                    .and(takesArgument(0, String.class)).and(concrete()))
                    .and(advice(CreateStatementAdvice.class, named("createStatement").and(concrete())))
                    .and(advice(ConnectionCloseAdvice.class, named("close").and(takesArguments(0)).and(concrete())));
    private static final AdviceTransformer RESULT_SET =
            advice(NextAdvice.class, named("next").and(takesArguments(0)).and(concrete()))
                    .and(advice(ResultCloseAdvice.class, named("close").and(takesArguments(0)).and(concrete())));
    private static final AdviceTransformer DATA_SOURCE = advice(AcquireAdvice.class,
            named("getConnection").and(concrete()).and(takesArguments(0).or(takesArguments(2))));
    private static final AdviceTransformer DRIVER = advice(AcquireAdvice.class,
            named("connect").and(takesArguments(2)).and(concrete()));

    public static AgentBuilder install(AgentBuilder builder) {
        return builder
                .type(implementationOf(Statement.class).or(implementationOf(Connection.class))
                        .or(implementationOf(ResultSet.class)).or(implementationOf(DataSource.class))
                        .or(implementationOf(Driver.class)))
                .transform(JdbcInstrumentation::transform);
    }

    /**
     * One transformation per class, choosing the advice by what the class implements (a class can be
     * several things at once, such as a PreparedStatement that is also a Statement).
     */
    private static net.bytebuddy.dynamic.DynamicType.Builder<?> transform(
            net.bytebuddy.dynamic.DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader,
            net.bytebuddy.utility.JavaModule module, java.security.ProtectionDomain protectionDomain) {
        if (type.isAssignableTo(Statement.class)) {
            builder = STATEMENT.apply(builder);
            if (type.isAssignableTo(PreparedStatement.class)) {
                builder = PREPARED_STATEMENT.apply(builder);
            }
        }
        if (type.isAssignableTo(Connection.class)) {
            builder = CONNECTION.apply(builder);
        }
        if (type.isAssignableTo(ResultSet.class)) {
            builder = RESULT_SET.apply(builder);
        }
        if (type.isAssignableTo(DataSource.class)) {
            builder = DATA_SOURCE.apply(builder);
        }
        if (type.isAssignableTo(Driver.class)) {
            builder = DRIVER.apply(builder);
        }
        return builder;
    }

    private static ElementMatcher.Junction<TypeDescription> implementationOf(Class<?> type) {
        return not(isInterface()).and(isSubTypeOf(type));
    }

    private static ElementMatcher.Junction<MethodDescription> concrete() {
        return isPublic().and(not(isAbstract()));
    }

    private static ElementMatcher.Junction<MethodDescription> executeMethods() {
        return namedOneOf("execute", "executeQuery", "executeUpdate", "executeLargeUpdate").and(concrete());
    }

    /** {@code setXxx(position, value, ...)}: Statement's own one-argument setters (fetch size, ...) are excluded. */
    private static ElementMatcher.Junction<MethodDescription> parameterSetters() {
        return nameStartsWith("set").and(concrete())
                .and(takesArgument(0, int.class).or(takesArgument(0, String.class)))
                .and(not(takesArguments(0)).and(not(takesArguments(1))));
    }

    /** {@code setInt(int, int)}: advised apart so that the value reaches the agent unboxed. */
    private static ElementMatcher.Junction<MethodDescription> intSetter() {
        return named("setInt").and(concrete()).and(takesArguments(int.class, int.class));
    }

    private static ElementMatcher.Junction<MethodDescription> longSetter() {
        return named("setLong").and(concrete()).and(takesArguments(int.class, long.class));
    }

    private static AdviceTransformer advice(Class<?> advice, ElementMatcher<? super MethodDescription> methods) {
        return new AdviceTransformer(Advice.to(advice).on(methods));
    }

    /** Advice on some methods; several combine into one. */
    static final class AdviceTransformer {
        private final AsmVisitorWrapper[] visitors;

        AdviceTransformer(AsmVisitorWrapper... visitors) {
            this.visitors = visitors;
        }

        AdviceTransformer and(AdviceTransformer other) {
            AsmVisitorWrapper[] all = java.util.Arrays.copyOf(visitors, visitors.length + other.visitors.length);
            System.arraycopy(other.visitors, 0, all, visitors.length, other.visitors.length);
            return new AdviceTransformer(all);
        }

        net.bytebuddy.dynamic.DynamicType.Builder<?> apply(net.bytebuddy.dynamic.DynamicType.Builder<?> builder) {
            for (AsmVisitorWrapper visitor : visitors) {
                builder = builder.visit(visitor);
            }
            return builder;
        }
    }

    // ---- advice: bytecode templates only ------------------------------------------------------

    static final class StatementExecuteSqlAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object statement, @Advice.Argument(0) String sql) {
            return AgentBridge.hooks().executeEnter(statement, sql, false);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object token, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
                         @Advice.Thrown Throwable thrown) {
            AgentBridge.hooks().executeExit(token, result, thrown);
        }
    }

    static final class StatementExecuteAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object statement) {
            return AgentBridge.hooks().executeEnter(statement, null, false);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object token, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
                         @Advice.Thrown Throwable thrown) {
            AgentBridge.hooks().executeExit(token, result, thrown);
        }
    }

    static final class StatementBatchAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object statement) {
            return AgentBridge.hooks().executeEnter(statement, null, true);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object token, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
                         @Advice.Thrown Throwable thrown) {
            AgentBridge.hooks().executeExit(token, result, thrown);
        }
    }

    static final class AddBatchAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement) {
            AgentBridge.hooks().batchAdded(statement, null);
        }
    }

    static final class AddBatchSqlAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Argument(0) String sql) {
            AgentBridge.hooks().batchAdded(statement, sql);
        }
    }

    static final class ClearBatchAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement) {
            AgentBridge.hooks().batchCleared(statement);
        }
    }

    static final class GetResultSetAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Return Object resultSet) {
            AgentBridge.hooks().resultReturned(statement, resultSet);
        }
    }

    static final class StatementCloseAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object statement) {
            AgentBridge.hooks().statementClosed(statement);
        }
    }

    static final class SetParameterAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement,
                         @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object position,
                         @Advice.Argument(value = 1, typing = Assigner.Typing.DYNAMIC) Object value) {
            AgentBridge.hooks().parameterSet(statement, position, value);
        }
    }

    static final class SetIntAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Argument(0) int position,
                         @Advice.Argument(1) int value) {
            AgentBridge.hooks().intParameterSet(statement, position, value);
        }
    }

    static final class SetLongAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Argument(0) int position,
                         @Advice.Argument(1) long value) {
            AgentBridge.hooks().longParameterSet(statement, position, value);
        }
    }

    static final class SetNullAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement,
                         @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object position) {
            AgentBridge.hooks().parameterSet(statement, position, null);
        }
    }

    static final class ClearParametersAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement) {
            AgentBridge.hooks().parametersCleared(statement);
        }
    }

    static final class PrepareAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object connection, @Advice.Argument(0) String sql,
                         @Advice.Return Object statement) {
            AgentBridge.hooks().statementCreated(connection, statement, sql);
        }
    }

    static final class CreateStatementAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object connection, @Advice.Return Object statement) {
            AgentBridge.hooks().statementCreated(connection, statement, null);
        }
    }

    static final class ConnectionCloseAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object connection) {
            AgentBridge.hooks().connectionClosed(connection);
        }
    }

    static final class NextAdvice {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object resultSet, @Advice.Return boolean hasRow) {
            AgentBridge.hooks().rowRead(resultSet, hasRow);
        }
    }

    static final class ResultCloseAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object resultSet) {
            AgentBridge.hooks().resultClosed(resultSet);
        }
    }

    static final class AcquireAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter() {
            return AgentBridge.hooks().acquireEnter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object token, @Advice.This Object source, @Advice.Return Object connection,
                         @Advice.Thrown Throwable thrown) {
            AgentBridge.hooks().acquireExit(token, source, connection, thrown);
        }
    }
}
