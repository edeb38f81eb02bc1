package io.queryhound.demo.orders.web;

import jakarta.servlet.http.HttpServlet;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Embedded Tomcat on 127.0.0.1, one context at the root, servlets added by path. */
public final class OrdersServer {

    private final Tomcat tomcat = new Tomcat();
    private final Connector connector = new Connector();
    private final Context context;
    private final Path baseDir;
    private int servlets;

    public OrdersServer(int port) {
        try {
            baseDir = Files.createTempDirectory("orders-service-tomcat");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tomcat.setBaseDir(baseDir.toString());
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        // A port that cannot be bound fails the start, instead of a Tomcat that runs without its connector.
        connector.setThrowOnFailure(true);
        tomcat.setConnector(connector);
        context = tomcat.addContext("", baseDir.toString());
        if (context instanceof StandardContext standard) {
            // Tomcat's leak detection at stop needs --add-opens and says so on stderr; this service does not leak.
            standard.setClearReferencesObjectStreamClassCaches(false);
            standard.setClearReferencesThreadLocals(false);
            standard.setClearReferencesRmiTargets(false);
        }
    }

    /** Serves {@code path} with {@code servlet}. */
    public void route(String path, HttpServlet servlet) {
        Tomcat.addServlet(context, "servlet-" + (++servlets), servlet).addMapping(path);
    }

    /** Serves {@code /naive} + {@code path} and {@code /fixed} + {@code path} with the same servlet. */
    public void routeBothForms(String path, HttpServlet servlet) {
        Wrapper wrapper = Tomcat.addServlet(context, "servlet-" + (++servlets), servlet);
        wrapper.addMapping("/naive" + path);
        wrapper.addMapping("/fixed" + path);
    }

    public void start() throws LifecycleException {
        tomcat.start();
        if (connector.getLocalPort() < 0) {
            throw new LifecycleException("the connector on 127.0.0.1:" + connector.getPort() + " did not start");
        }
    }

    /** The port it listens on, once started (the free one it took when asked for port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    public void stop() throws LifecycleException {
        try {
            tomcat.stop();
            tomcat.destroy();
        } finally {
            deleteBaseDir();
        }
    }

    private void deleteBaseDir() {
        try (Stream<Path> files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory left behind is not worth failing a shutdown for.
        }
    }
}
