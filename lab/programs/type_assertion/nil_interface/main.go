// An authorization middleware puts the caller's *Principal into the
// request context, and handlers fetch it with a plain type assertion. A
// new internal route was registered without the middleware, the context
// has no principal, and the assertion on the nil interface panics:
// "interface conversion: interface {} is nil, not *main.Principal".
package main

import (
	"context"
	"sync"

	"gorca.dev/lab/labkit"
)

type ctxKey struct{}

type Principal struct {
	Subject string
	Scopes  []string
}

func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

func principalFrom(ctx context.Context) *Principal {
	return ctx.Value(ctxKey{}).(*Principal)
}

type Router struct {
	routes map[string]func(context.Context) string
}

func (r *Router) Dispatch(ctx context.Context, path string) string {
	return r.routes[path](ctx)
}

func listOrders(ctx context.Context) string {
	return "orders for " + principalFrom(ctx).Subject
}

func main() {
	labkit.Init("orders-api")
	r := &Router{routes: map[string]func(context.Context) string{
		"/v1/orders":       listOrders,
		"/internal/orders": listOrders, // registered without the auth middleware
	}}
	authed := WithPrincipal(context.Background(), &Principal{Subject: "user:1042", Scopes: []string{"orders:read"}})
	labkit.Infof("GET /v1/orders -> %s", r.Dispatch(authed, "/v1/orders"))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		labkit.Sample()
		labkit.Dump()
		labkit.Infof("GET /internal/orders -> %s", r.Dispatch(context.Background(), "/internal/orders"))
	}()
	wg.Wait()
}
