// A tenant provisioning step treats a quota error from the cloud API as
// impossible and panics with the error value itself, a custom error type
// carrying the tenant and limits; "must"-style helpers like this are common.
package main

import (
	"fmt"

	"gorca.dev/lab/labkit"
)

type QuotaError struct {
	Tenant   string
	Resource string
	Limit    int
	Used     int
}

func (e *QuotaError) Error() string {
	return fmt.Sprintf("quota exceeded for tenant %s: %s %d/%d", e.Tenant, e.Resource, e.Used, e.Limit)
}

type CloudAPI struct {
	used map[string]int
}

func (c *CloudAPI) CreateVolumes(tenant string, n int) error {
	if c.used[tenant]+n > 20 {
		return &QuotaError{Tenant: tenant, Resource: "volumes", Limit: 20, Used: c.used[tenant]}
	}
	c.used[tenant] += n
	return nil
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

type Provisioner struct {
	api *CloudAPI
}

func (p *Provisioner) Provision(tenant string, volumes int) {
	labkit.Infof("provisioning tenant=%s volumes=%d", tenant, volumes)
	must(p.api.CreateVolumes(tenant, volumes))
}

func main() {
	labkit.Init("provisioner")
	p := &Provisioner{api: &CloudAPI{used: map[string]int{"acme": 16}}}
	p.Provision("globex", 4)
	labkit.Sample()
	labkit.Dump()
	p.Provision("acme", 8)
}
