using HybridMargin.Engine;

namespace HybridMargin.Tests.Engine;

public class OpenOrderTableTests
{
    [Fact]
    public void Finds_exactly_the_orders_a_dictionary_holds_through_random_adds_and_removes()
    {
        // 16 slots for up to 8 orders: long probe runs, wrap-around and backward shifts on nearly every removal.
        var table = new OpenOrderTable(8);
        var reference = new Dictionary<(int Account, long Id), int>();
        var random = new Random(5);
        for (int step = 0; step < 20_000; step++)
        {
            int account = random.Next(3);
            long id = random.Next(24);
            int slot = table.Find(account, id);
            Assert.Equal(reference.ContainsKey((account, id)), slot >= 0);
            if (slot >= 0)
            {
                Assert.Equal(reference[(account, id)], table[slot].Instrument);
                table.RemoveAt(slot);
                reference.Remove((account, id));
            }
            else if (table.TryAdd(new OpenOrder { Account = account, ClientOrderId = id, Instrument = step }))
            {
                reference.Add((account, id), step);
            }
            else
            {
                Assert.Equal(table.Capacity, reference.Count);
            }

            Assert.Equal(reference.Count, table.Count);
        }
    }

    [Fact]
    public void A_restored_table_finds_its_orders_and_refuses_absent_ones()
    {
        // The lookup probes a tag per slot that the state image does not carry: restoring must rebuild the tags.
        var original = new OpenOrderTable(64);
        for (long id = 0; id < 40; id++)
        {
            Assert.True(original.TryAdd(new OpenOrder { Account = (int)(id % 3), ClientOrderId = id * 7, Instrument = (int)id }));
        }

        var writer = new StateImageWriter();
        original.VisitState(writer);
        var restored = new OpenOrderTable(64);
        var reader = new StateImageReader(writer.Written.ToArray());

        restored.VisitState(reader);

        reader.EnsureConsumed();
        Assert.Equal(40, restored.Count);
        for (long id = 0; id < 40; id++)
        {
            int slot = restored.Find((int)(id % 3), id * 7);
            Assert.True(slot >= 0, $"order {id * 7} not found after restore");
            Assert.Equal((int)id, restored[slot].Instrument);
            Assert.Equal(-1, restored.Find((int)(id % 3), (id * 7) + 1));
        }
    }

    [Fact]
    public void A_new_order_takes_the_lowest_free_pool_entry_through_random_adds_and_removes()
    {
        // 4,100 entries: 65 words of free bits, so the summary spans two words and the last word is partial.
        const int capacity = 4_100;
        var table = new OpenOrderTable(capacity);
        var free = new SortedSet<int>(Enumerable.Range(0, capacity));
        var live = new List<(int Account, long Id, int Handle)>();
        var random = new Random(11);
        long nextId = 0;
        for (int step = 0; step < 60_000; step++)
        {
            // Drift between nearly empty and full, so both ends of the pool and a full table are exercised.
            bool add = live.Count == 0 || (live.Count < capacity && random.Next(100) < ((step / 12_000) % 2 == 0 ? 80 : 20));
            if (add)
            {
                int account = random.Next(4);
                long id = nextId++;
                int expected = free.Min;
                Assert.True(table.TryAdd(new OpenOrder { Account = account, ClientOrderId = id, Instrument = step }));
                int handle = table.Find(account, id);
                Assert.Equal(expected, handle);
                free.Remove(handle);
                live.Add((account, id, handle));
            }
            else
            {
                int k = random.Next(live.Count);
                var (account, id, handle) = live[k];
                Assert.Equal(handle, table.Find(account, id));
                table.RemoveAt(handle);
                Assert.Equal(-1, table.Find(account, id));
                free.Add(handle);
                live[k] = live[^1];
                live.RemoveAt(live.Count - 1);
            }

            Assert.Equal(live.Count, table.Count);
        }

        while (live.Count < capacity)
        {
            Assert.True(table.TryAdd(new OpenOrder { Account = 0, ClientOrderId = nextId++ }));
            live.Add((0, nextId - 1, -1));
        }

        Assert.False(table.TryAdd(new OpenOrder { Account = 0, ClientOrderId = nextId }));
    }

    [Fact]
    public void A_restored_table_places_later_orders_in_the_entries_the_original_would()
    {
        // Which pool entry an order takes is state: a replay after recovery must fill the pool as the original run did.
        var original = new OpenOrderTable(200);
        for (long id = 0; id < 150; id++)
        {
            Assert.True(original.TryAdd(new OpenOrder { Account = 1, ClientOrderId = id }));
        }

        for (long id = 0; id < 150; id += 3)
        {
            original.RemoveAt(original.Find(1, id));
        }

        var writer = new StateImageWriter();
        original.VisitState(writer);
        var restored = new OpenOrderTable(200);
        restored.VisitState(new StateImageReader(writer.Written.ToArray()));

        for (long id = 1_000; id < 1_080; id++)
        {
            Assert.True(original.TryAdd(new OpenOrder { Account = 2, ClientOrderId = id }));
            Assert.True(restored.TryAdd(new OpenOrder { Account = 2, ClientOrderId = id }));
            Assert.Equal(original.Find(2, id), restored.Find(2, id));
        }

        var again = new StateImageWriter();
        restored.VisitState(again);
        var originalImage = new StateImageWriter();
        original.VisitState(originalImage);
        Assert.True(again.Written.SequenceEqual(originalImage.Written));
    }
}
