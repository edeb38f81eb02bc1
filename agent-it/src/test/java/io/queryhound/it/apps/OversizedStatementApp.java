package io.queryhound.it.apps;

import com.zaxxer.hikari.HikariDataSource;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * An application with a class the agent cannot instrument: generated code whose {@code executeUpdate(String)} is
 * so close to the JVM's limit of 65,535 bytes of code per method that the agent's inlined advice pushes it over.
 * Such classes exist in the wild (template engines, parsers and rule engines that unroll their input into one
 * method), and the agent promises that they run uninstrumented, with one warning line, while everything else is
 * still captured.
 *
 * <p>Both generated classes are made the same way, at run time, with the ASM that Byte Buddy 1.17 (Hibernate's)
 * bundles, and defined by a class loader of the application's own, so the agent sees them being defined like any
 * other class: {@value #OVERSIZED_CLASS}, whose method is a run of {@value #OVERSIZED_INCREMENTS} {@code iinc}
 * instructions, and {@value #COMPACT_CLASS}, whose run is {@value #COMPACT_INCREMENTS} long and which the agent
 * must instrument (it shows that the oversized class goes unreported for its size alone). Neither touches the
 * database: each {@code executeUpdate(sql)} returns its number of increments plus {@code sql.length()}, which only
 * a run of the whole method can produce. Around them, a plain JDBC N+1 over HikariCP and H2 that the agent must
 * capture as usual.
 *
 * <p>Lines written to stdout, besides those of {@link AppSupport}:
 * <pre>
 * GENERATED &lt;class&gt; &lt;bytes&gt;     the length of the code of the class's executeUpdate(String)
 * UPDATE &lt;class&gt; &lt;result&gt;        one call of executeUpdate, and what it returned
 * NAMES &lt;lookups&gt; &lt;names&gt;         the N+1: how many lookups it made, and the distinct names they found
 * </pre>
 */
public final class OversizedStatementApp {

    public static final String OVERSIZED_CLASS = "com.acme.generated.OversizedStatement";
    public static final String COMPACT_CLASS = "com.acme.generated.CompactStatement";
    /**
     * Three bytes each, nine more around them: 65,529 bytes of code, 6 short of the limit. The agent's advice on
     * {@code executeUpdate(String)} (a call on entry, one on exit, a handler for what is thrown) adds about 70 bytes,
     * so a run shorter by a few dozen increments would still be instrumented.
     */
    public static final int OVERSIZED_INCREMENTS = 21_840;
    public static final int COMPACT_INCREMENTS = 10;
    public static final String OVERSIZED_SQL = "update oversized_counter set hits = hits + 1";
    public static final String COMPACT_SQL = "update compact_counter set hits = hits + 1";
    /** Calls of each generated statement's executeUpdate. */
    public static final int CALLS = 3;
    public static final String ORDERS_QUERY = "select id, customer_id from orders order by id";
    public static final String LOOKUP_QUERY = "select name from customer where id = ?";

    private OversizedStatementApp() {
    }

    public static void main(String[] args) throws Exception {
        AppSupport database = AppSupport.openDatabase("oversized");
        HikariDataSource pool = database.pool("oversized");
        AppSupport.createShop(pool);

        GeneratedClasses loader = new GeneratedClasses(OversizedStatementApp.class.getClassLoader());
        Statement oversized = loader.define(OVERSIZED_CLASS, OVERSIZED_INCREMENTS);
        Statement compact = loader.define(COMPACT_CLASS, COMPACT_INCREMENTS);
        for (int call = 0; call < CALLS; call++) {
            System.out.println("UPDATE " + OVERSIZED_CLASS + " " + oversized.executeUpdate(OVERSIZED_SQL));
            System.out.println("UPDATE " + COMPACT_CLASS + " " + compact.executeUpdate(COMPACT_SQL));
        }
        System.out.println("NAMES " + customerNamesOfOrders(pool));

        database.printStatementCounts();
        pool.close();
        AppSupport.done();
    }

    /** What {@code executeUpdate(sql)} of a class generated with {@code increments} returns. */
    public static int expectedResult(int increments, String sql) {
        return increments + sql.length();
    }

    /** An N+1: the orders, then each order's customer looked up by itself. */
    static String customerNamesOfOrders(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            List<Long> customerIds = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(ORDERS_QUERY);
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    customerIds.add(rows.getLong(2));
                }
            }
            TreeSet<String> names = new TreeSet<>();
            for (long customerId : customerIds) {
                try (PreparedStatement lookup = connection.prepareStatement(LOOKUP_QUERY)) {
                    lookup.setLong(1, customerId);
                    try (ResultSet customer = lookup.executeQuery()) {
                        customer.next();
                        names.add(customer.getString(1));
                    }
                }
            }
            return customerIds.size() + " " + String.join(",", names);
        }
    }

    /**
     * Defines the generated statements. A loader of the application's own, as template engines use, rather than a
     * lookup's {@code defineClass}: the classes are ordinary (not hidden), so the agent is asked to transform them.
     */
    static final class GeneratedClasses extends ClassLoader {

        GeneratedClasses(ClassLoader parent) {
            super("generated-statements", parent);
        }

        /** Generates, defines and instantiates {@code className}; prints the length of its executeUpdate's code. */
        Statement define(String className, int increments) throws ReflectiveOperationException {
            Label end = new Label();
            byte[] bytes = generate(className, increments, end);
            System.out.println("GENERATED " + className + " " + end.getOffset());
            Class<?> type = defineClass(className, bytes, 0, bytes.length);
            return (Statement) type.getConstructor().newInstance();
        }

        /**
         * {@code public class <className> extends GeneratedStatementBase} with a public no-argument constructor and
         * {@code executeUpdate(String sql)}: {@code int n = 0; n++ (increments times); return n + sql.length();}.
         * Straight-line code, so the verifier needs no stack map frames; {@code end} is placed after the last
         * instruction, where its offset is the code's length.
         */
        private static byte[] generate(String className, int increments, Label end) {
            String internalName = className.replace('.', '/');
            String superName = Type.getInternalName(GeneratedStatementBase.class);
            ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
            writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, superName, null);

            MethodVisitor constructor = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
            constructor.visitCode();
            constructor.visitVarInsn(Opcodes.ALOAD, 0);
            constructor.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, "<init>", "()V", false);
            constructor.visitInsn(Opcodes.RETURN);
            constructor.visitMaxs(0, 0);
            constructor.visitEnd();

            MethodVisitor update = writer.visitMethod(Opcodes.ACC_PUBLIC, "executeUpdate", "(Ljava/lang/String;)I",
                    null, new String[] {Type.getInternalName(SQLException.class)});
            update.visitCode();
            update.visitInsn(Opcodes.ICONST_0);
            update.visitVarInsn(Opcodes.ISTORE, 2);
            for (int i = 0; i < increments; i++) {
                update.visitIincInsn(2, 1);
            }
            update.visitVarInsn(Opcodes.ILOAD, 2);
            update.visitVarInsn(Opcodes.ALOAD, 1);
            update.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
            update.visitInsn(Opcodes.IADD);
            update.visitInsn(Opcodes.IRETURN);
            update.visitLabel(end);
            update.visitMaxs(0, 0);
            update.visitEnd();

            writer.visitEnd();
            return writer.toByteArray();
        }
    }

    /**
     * What the generated statements extend: a {@link Statement} that supports nothing but the {@code executeUpdate}
     * its subclass generates, as a generated class's hand-written runtime support would.
     */
    public abstract static class GeneratedStatementBase implements Statement {

        private boolean closed;

        protected GeneratedStatementBase() {
        }

        @Override
        public abstract int executeUpdate(String sql) throws SQLException;

        private SQLException unsupported() {
            return new SQLFeatureNotSupportedException(getClass().getName() + " only runs executeUpdate(String)");
        }

        @Override
        public ResultSet executeQuery(String sql) throws SQLException {
            throw unsupported();
        }

        @Override
        public boolean execute(String sql) throws SQLException {
            throw unsupported();
        }

        @Override
        public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
            throw unsupported();
        }

        @Override
        public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
            throw unsupported();
        }

        @Override
        public int executeUpdate(String sql, String[] columnNames) throws SQLException {
            throw unsupported();
        }

        @Override
        public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
            throw unsupported();
        }

        @Override
        public boolean execute(String sql, int[] columnIndexes) throws SQLException {
            throw unsupported();
        }

        @Override
        public boolean execute(String sql, String[] columnNames) throws SQLException {
            throw unsupported();
        }

        @Override
        public void addBatch(String sql) throws SQLException {
            throw unsupported();
        }

        @Override
        public void clearBatch() throws SQLException {
            throw unsupported();
        }

        @Override
        public int[] executeBatch() throws SQLException {
            throw unsupported();
        }

        @Override
        public ResultSet getResultSet() {
            return null;
        }

        @Override
        public int getUpdateCount() {
            return -1;
        }

        @Override
        public boolean getMoreResults() {
            return false;
        }

        @Override
        public boolean getMoreResults(int current) {
            return false;
        }

        @Override
        public ResultSet getGeneratedKeys() throws SQLException {
            throw unsupported();
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public Connection getConnection() {
            return null;
        }

        @Override
        public int getMaxFieldSize() {
            return 0;
        }

        @Override
        public void setMaxFieldSize(int max) {
        }

        @Override
        public int getMaxRows() {
            return 0;
        }

        @Override
        public void setMaxRows(int max) {
        }

        @Override
        public void setEscapeProcessing(boolean enable) {
        }

        @Override
        public int getQueryTimeout() {
            return 0;
        }

        @Override
        public void setQueryTimeout(int seconds) {
        }

        @Override
        public void cancel() throws SQLException {
            throw unsupported();
        }

        @Override
        public SQLWarning getWarnings() {
            return null;
        }

        @Override
        public void clearWarnings() {
        }

        @Override
        public void setCursorName(String name) throws SQLException {
            throw unsupported();
        }

        @Override
        public void setFetchDirection(int direction) {
        }

        @Override
        public int getFetchDirection() {
            return ResultSet.FETCH_FORWARD;
        }

        @Override
        public void setFetchSize(int rows) {
        }

        @Override
        public int getFetchSize() {
            return 0;
        }

        @Override
        public int getResultSetConcurrency() {
            return ResultSet.CONCUR_READ_ONLY;
        }

        @Override
        public int getResultSetType() {
            return ResultSet.TYPE_FORWARD_ONLY;
        }

        @Override
        public int getResultSetHoldability() {
            return ResultSet.CLOSE_CURSORS_AT_COMMIT;
        }

        @Override
        public void setPoolable(boolean poolable) {
        }

        @Override
        public boolean isPoolable() {
            return false;
        }

        @Override
        public void closeOnCompletion() {
        }

        @Override
        public boolean isCloseOnCompletion() {
            return false;
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            throw new SQLException(getClass().getName() + " is not a " + iface.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return iface.isInstance(this);
        }
    }
}
