package io.queryhound.it;

/**
 * The JDK's HttpServer with handlers registered as lambdas (hidden classes the agent cannot transform), plain JDBC
 * over HikariCP and H2.
 */
class HttpServerAppTest extends HttpShopAppContract {

    @Override
    ShopApp shopApp() {
        return ShopApp.HTTP_SERVER;
    }
}
