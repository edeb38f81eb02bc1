package io.queryhound.it.apps.failing;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/** The failing driver's prepared statement: binding works, every execution throws. */
public final class FailingPreparedStatement extends FailingStatement implements PreparedStatement {

    private final String sql;
    private int batched;

    FailingPreparedStatement(FailingConnection connection, String sql) {
        super(connection);
        this.sql = sql;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        throw new FailingDriverException("executeQuery", sql);
    }

    @Override
    public int executeUpdate() throws SQLException {
        throw new FailingDriverException("executeUpdate", sql);
    }

    @Override
    public boolean execute() throws SQLException {
        throw new FailingDriverException("execute", sql);
    }

    @Override
    public void addBatch() {
        batched++;
    }

    @Override
    public void clearBatch() {
        batched = 0;
        super.clearBatch();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        int rows = batched;
        batched = 0;
        throw new FailingDriverException("executeBatch of " + rows + " rows", sql);
    }

    @Override
    public void clearParameters() {
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        throw FailingDriver.unsupported("getMetaData");
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        throw FailingDriver.unsupported("getParameterMetaData");
    }

    @Override
    public void setNull(int index, int sqlType) {
    }

    @Override
    public void setNull(int index, int sqlType, String typeName) {
    }

    @Override
    public void setBoolean(int index, boolean x) {
    }

    @Override
    public void setByte(int index, byte x) {
    }

    @Override
    public void setShort(int index, short x) {
    }

    @Override
    public void setInt(int index, int x) {
    }

    @Override
    public void setLong(int index, long x) {
    }

    @Override
    public void setFloat(int index, float x) {
    }

    @Override
    public void setDouble(int index, double x) {
    }

    @Override
    public void setBigDecimal(int index, BigDecimal x) {
    }

    @Override
    public void setString(int index, String x) {
    }

    @Override
    public void setBytes(int index, byte[] x) {
    }

    @Override
    public void setDate(int index, Date x) {
    }

    @Override
    public void setDate(int index, Date x, Calendar calendar) {
    }

    @Override
    public void setTime(int index, Time x) {
    }

    @Override
    public void setTime(int index, Time x, Calendar calendar) {
    }

    @Override
    public void setTimestamp(int index, Timestamp x) {
    }

    @Override
    public void setTimestamp(int index, Timestamp x, Calendar calendar) {
    }

    @Override
    public void setAsciiStream(int index, InputStream x, int length) {
    }

    @Override
    public void setAsciiStream(int index, InputStream x, long length) {
    }

    @Override
    public void setAsciiStream(int index, InputStream x) {
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int index, InputStream x, int length) {
    }

    @Override
    public void setBinaryStream(int index, InputStream x, int length) {
    }

    @Override
    public void setBinaryStream(int index, InputStream x, long length) {
    }

    @Override
    public void setBinaryStream(int index, InputStream x) {
    }

    @Override
    public void setCharacterStream(int index, Reader reader, int length) {
    }

    @Override
    public void setCharacterStream(int index, Reader reader, long length) {
    }

    @Override
    public void setCharacterStream(int index, Reader reader) {
    }

    @Override
    public void setNCharacterStream(int index, Reader value, long length) {
    }

    @Override
    public void setNCharacterStream(int index, Reader value) {
    }

    @Override
    public void setObject(int index, Object x, int targetSqlType) {
    }

    @Override
    public void setObject(int index, Object x) {
    }

    @Override
    public void setObject(int index, Object x, int targetSqlType, int scaleOrLength) {
    }

    @Override
    public void setRef(int index, Ref x) {
    }

    @Override
    public void setBlob(int index, Blob x) {
    }

    @Override
    public void setBlob(int index, InputStream inputStream, long length) {
    }

    @Override
    public void setBlob(int index, InputStream inputStream) {
    }

    @Override
    public void setClob(int index, Clob x) {
    }

    @Override
    public void setClob(int index, Reader reader, long length) {
    }

    @Override
    public void setClob(int index, Reader reader) {
    }

    @Override
    public void setNClob(int index, NClob value) {
    }

    @Override
    public void setNClob(int index, Reader reader, long length) {
    }

    @Override
    public void setNClob(int index, Reader reader) {
    }

    @Override
    public void setArray(int index, Array x) {
    }

    @Override
    public void setURL(int index, URL x) {
    }

    @Override
    public void setRowId(int index, RowId x) {
    }

    @Override
    public void setNString(int index, String value) {
    }

    @Override
    public void setSQLXML(int index, SQLXML xmlObject) {
    }
}
