// Go MySQL DSNs through go-sql-driver/mysql's own ParseDSN (issue 13),
// driven by tests/clients/check.py and built offline from Debian's
// golang-github-go-sql-driver-mysql-dev. One DSN per input line; one
// "ok<TAB>parser" or "err<TAB>message" per output line. Nothing connects.
package main

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"

	"github.com/go-sql-driver/mysql"
)

// A parameter ParseDSN does not know is sent to the server as a system
// variable (`SET name=value`) when the connection opens: a name that is
// not an identifier (`ssl-mode`) fails there.
var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	for in.Scan() {
		// "strict<TAB>dsn" or "syntax<TAB>dsn": a secret store's replacement
		// keeps the user's own parameters; only the DSN must still parse
		mode, dsn, _ := strings.Cut(in.Text(), "\t")
		registerCustomTLS(dsn)
		cfg, err := mysql.ParseDSN(dsn)
		if err != nil {
			fmt.Printf("err\tParseDSN: %s\n", err)
			continue
		}
		bad := ""
		for k := range cfg.Params {
			if mode == "strict" && !identifier.MatchString(k) {
				bad = k
			}
		}
		if bad != "" {
			fmt.Printf("err\tParseDSN: '%s' is not a driver parameter; it would be sent as a system variable and fail\n", bad)
			continue
		}
		fmt.Println("ok\tgo-sql-driver/mysql ParseDSN")
	}
}

// `tls=<name>` names a configuration the program registers with
// mysql.RegisterTLSConfig before it opens the DSN; the checker registers an
// empty one under that name, as the program would have.
func registerCustomTLS(dsn string) {
	q := dsn[strings.LastIndex(dsn, "?")+1:]
	values, err := url.ParseQuery(q)
	if err != nil {
		return
	}
	switch name := values.Get("tls"); strings.ToLower(name) {
	case "", "true", "false", "skip-verify", "preferred", "1", "0":
	default:
		_ = mysql.RegisterTLSConfig(name, &tls.Config{})
	}
}
