package io.queryhound.it;

/** A javax.servlet application on Jetty 9.4 with Hibernate 6, HikariCP and H2. */
class JavaxServletAppTest extends HttpShopAppContract {

    @Override
    ShopApp shopApp() {
        return ShopApp.JAVAX_SERVLET;
    }
}
