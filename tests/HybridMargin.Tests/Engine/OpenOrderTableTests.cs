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
}
