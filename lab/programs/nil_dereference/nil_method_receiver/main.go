// An order service looks customers up in a repository whose Find returns
// (nil, nil) for an unknown id, the "not found is not an error" convention.
// One handler forgets the nil check and calls a method that reads a field
// of the nil *Customer: SIGSEGV turned into a runtime panic in a worker
// goroutine, which kills the whole process.
package main

import (
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type Tier int

const (
	TierStandard Tier = iota
	TierGold
)

type Customer struct {
	ID       int64
	Name     string
	Tier     Tier
	Discount float64
}

func (c *Customer) DiscountFor(amount float64) float64 {
	if c.Tier == TierGold {
		return amount * c.Discount
	}
	return 0
}

type CustomerRepository struct {
	mu   sync.RWMutex
	byID map[int64]*Customer
}

// Find returns nil, nil when the customer does not exist.
func (r *CustomerRepository) Find(id int64) (*Customer, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.byID[id], nil
}

type Order struct {
	ID         int64
	CustomerID int64
	Amount     float64
}

type PricingService struct {
	customers *CustomerRepository
}

func (s *PricingService) Total(o Order) (float64, error) {
	c, err := s.customers.Find(o.CustomerID)
	if err != nil {
		return 0, fmt.Errorf("find customer %d: %w", o.CustomerID, err)
	}
	return o.Amount - c.DiscountFor(o.Amount), nil
}

type OrderProcessor struct {
	pricing *PricingService
	orders  chan Order
	wg      sync.WaitGroup
}

func (p *OrderProcessor) Start(workers int) {
	labkit.Infof("starting order processor workers=%d", workers)
	for i := 0; i < workers; i++ {
		p.wg.Add(1)
		go p.run(i)
	}
}

func (p *OrderProcessor) run(worker int) {
	defer p.wg.Done()
	for o := range p.orders {
		if o.CustomerID == 9001 {
			labkit.Sample()
			labkit.Dump()
		}
		total, err := p.pricing.Total(o)
		if err != nil {
			labkit.Errorf("order %d: %v", o.ID, err)
			continue
		}
		if o.ID%40 == 0 {
			labkit.Infof("order processed id=%d worker=%d total=%.2f", o.ID, worker, total)
		}
	}
}

func main() {
	labkit.Init("order-service")
	repo := &CustomerRepository{byID: map[int64]*Customer{}}
	for id := int64(1); id <= 100; id++ {
		repo.byID[id] = &Customer{ID: id, Name: fmt.Sprintf("customer-%d", id), Tier: Tier(id % 2), Discount: 0.1}
	}
	p := &OrderProcessor{pricing: &PricingService{customers: repo}, orders: make(chan Order)}
	p.Start(4)
	for id := int64(1); id <= 200; id++ {
		cust := id%100 + 1
		if id == 180 {
			cust = 9001 // an order for a customer deleted by the GDPR job
		}
		p.orders <- Order{ID: id, CustomerID: cust, Amount: float64(id) * 3.5}
		time.Sleep(time.Millisecond)
	}
	close(p.orders)
	p.wg.Wait()
}
