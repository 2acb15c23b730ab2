// JDBC URLs through the drivers' own URL parsers (issue 13), driven by
// tests/clients/check.py: pgjdbc's Driver.parseURL and MariaDB Connector/J's
// UrlParser (Debian's libpostgresql-jdbc-java and libmariadb-java). One
// "kind<TAB>url" per input line; one "ok<TAB>parser" or "err<TAB>message"
// per output line. Nothing connects.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

public class JdbcCheck {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            int tab = line.indexOf('\t');
            if (tab < 0) {
                System.out.println("err\tno kind");
                continue;
            }
            String kind = line.substring(0, tab);
            String url = line.substring(tab + 1);
            try {
                System.out.println("ok\t" + check(kind, url));
            } catch (Exception e) {
                String m = String.valueOf(e.getMessage()).replace('\n', ' ').replace('\t', ' ');
                System.out.println("err\t" + e.getClass().getSimpleName() + ": " + m);
            }
        }
    }

    static String check(String kind, String url) throws Exception {
        // "-syntax": a secret store's replacement keeps the user's own
        // properties; only the URL must still parse
        boolean strict = !kind.endsWith("-syntax");
        kind = kind.replace("-syntax", "");
        if (kind.equals("pgjdbc")) {
            Properties p = org.postgresql.Driver.parseURL(url, new Properties());
            if (p == null) {
                throw new IllegalArgumentException("pgjdbc does not accept this URL (parseURL returned null)");
            }
            // pgjdbc ignores a property it does not know: a misspelt
            // sslmode would connect without TLS. The Azure identity plugin
            // reads its own azure.* properties from the same URL.
            for (String k : strict ? p.stringPropertyNames() : new java.util.HashSet<String>()) {
                if (k.startsWith("PG") || k.startsWith("azure.")) {
                    continue;
                }
                if (org.postgresql.PGProperty.forName(k) == null) {
                    throw new IllegalArgumentException("pgjdbc has no property '" + k + "'");
                }
            }
            return "pgjdbc Driver.parseURL " + org.postgresql.util.DriverInfo.DRIVER_VERSION;
        }
        if (kind.equals("mariadb")) {
            Object u = org.mariadb.jdbc.UrlParser.parse(url, new Properties());
            if (u == null) {
                throw new IllegalArgumentException("MariaDB Connector/J does not accept this URL");
            }
            return "MariaDB Connector/J UrlParser " + org.mariadb.jdbc.internal.util.constant.Version.version;
        }
        throw new IllegalArgumentException("unknown kind " + kind);
    }
}
