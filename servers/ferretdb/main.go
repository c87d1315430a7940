// Command ferretdb runs FerretDB v1 on its PostgreSQL backend through its embeddable package.
//
// Why not `go install .../cmd/ferretdb@v1.24.2`: that binary panics at start-up because the module
// proxy's copy lacks the build/version/version.txt that FerretDB's own build generates. The
// embeddable package skips that check, so this small main gives the same server from the same
// pinned module.
//
// Why PostgreSQL and not SQLite: the SQLite backend serialises writes and pushes no filter down
// but _id, so at TIS's size (70,000 people) concurrent updates scan and end in SQLITE_BUSY. The
// PostgreSQL cluster is started by servers/postgres-server.ts; see README.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	postgresqlURL := flag.String(
		"postgresql-url", "postgres://postgres@127.0.0.1:5432/ferretdb", "PostgreSQL URL of the database FerretDB uses",
	)
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: bad --log-level: %v\n", err)
		os.Exit(2)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *listen},
		Logger:        logger,
		Handler:       "postgresql",
		PostgreSQLURL: *postgresqlURL,
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	fmt.Fprintf(os.Stderr, "ferretdb: listening on %s\n", *listen)
	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		os.Exit(1)
	}
}
