// Command kbconflict makes a knowledge base revision conflict on a running
// server, as an admin's offline edit would: it signs in, syncs a throwaway
// in-memory replica, and pushes an edit of the article titled -title written
// on an older revision than the article's current one, so the server keeps
// it as a conflict branch. The desktop KB suite uses it to show the
// side-by-side conflict view.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"time"

	"connectrpc.com/connect"

	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
	"github.com/frontlinedesk/frontline/internal/gen/frontline/v1/frontlinev1connect"
	"github.com/frontlinedesk/frontline/sync/replica"
)

func main() {
	server := flag.String("server", "http://127.0.0.1:8080", "server URL")
	company := flag.String("company", "Northwind Bikes", "company name")
	email := flag.String("email", "ada@northwind.test", "admin email")
	password := flag.String("password", "frontline-demo", "password")
	title := flag.String("title", "", "title of the article to clash with (required)")
	body := flag.String("body", "", "body of the clashing edit (required)")
	flag.Parse()
	if *title == "" || *body == "" {
		fmt.Fprintln(os.Stderr, "kbconflict: -title and -body are required")
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := run(ctx, *server, *company, *email, *password, *title, *body); err != nil {
		fmt.Fprintln(os.Stderr, "kbconflict:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, server, company, email, password, title, body string) error {
	hc := http.DefaultClient
	login, err := frontlinev1connect.NewIdentityServiceClient(hc, server).Login(ctx, &frontlinev1.LoginRequest{CompanyName: company, Email: email, Password: password})
	if err != nil {
		return fmt.Errorf("login: %w", err)
	}
	token := login.GetSession().GetToken()
	auth := connect.WithInterceptors(connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			req.Header().Set("Authorization", "Bearer "+token)
			return next(ctx, req)
		}
	}))
	u := login.GetUser()
	rep, err := replica.OpenInMemory(replica.Config{UserID: u.GetId(), UserName: u.GetName()})
	if err != nil {
		return err
	}
	defer rep.Close()
	tr := replica.ConnectTransport(frontlinev1connect.NewSyncServiceClient(hc, server, auth))
	if err := rep.SyncOnce(ctx, tr); err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	as, err := rep.Articles(ctx)
	if err != nil {
		return err
	}
	for _, a := range as {
		if a.GetTitle() != title {
			continue
		}
		if _, err := rep.EditArticle(ctx, a.GetId(), a.GetRevision()-1, a.GetTitle(), body); err != nil {
			return err
		}
		if err := rep.SyncOnce(ctx, tr); err != nil {
			return fmt.Errorf("push: %w", err)
		}
		cs, err := rep.ArticleConflicts(ctx)
		if err != nil || len(cs) == 0 {
			return errors.Join(errors.New("the server kept no conflict branch"), err)
		}
		fmt.Println(a.GetId())
		return nil
	}
	return fmt.Errorf("no article titled %q", title)
}
