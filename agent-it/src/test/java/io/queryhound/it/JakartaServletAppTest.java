package io.queryhound.it;

/** A Jakarta Servlet 6 application on embedded Tomcat 10.1 with Hibernate 6, HikariCP and H2. */
class JakartaServletAppTest extends HttpShopAppContract {

    @Override
    ShopApp shopApp() {
        return ShopApp.JAKARTA_SERVLET;
    }
}
