"""The bench's ping model in SimPy 3, for a peer comparison: three processes pass 8 tokens
around a ring with 1-5 ms uniform latency and a 0-200 us think time per hop."""
import json, random, sys, time
import simpy

def main(sim_seconds):
    env = simpy.Environment()
    rng = random.Random(1)
    stores = [simpy.Store(env) for _ in range(3)]
    counter = [0]

    def deliver(dst, token, delay):
        yield env.timeout(delay)
        stores[dst].put(token)

    def node(i):
        while True:
            token = yield stores[i].get()
            yield env.timeout(rng.randint(0, 199) / 1e6)
            counter[0] += 2
            env.process(deliver((i + 1) % 3, token + 1, rng.uniform(0.001, 0.005)))

    for i in range(3):
        env.process(node(i))
    for _ in range(8):
        stores[1].put(0)
    start = time.perf_counter()
    env.run(until=sim_seconds)
    wall = time.perf_counter() - start
    print(json.dumps({"events": counter[0], "eventsPerSec": counter[0] / wall}))

main(float(sys.argv[1]) if len(sys.argv) > 1 else 60.0)
