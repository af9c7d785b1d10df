using HybridMargin.Engine;
using HybridMargin.Fix.Codec;
using HybridMargin.Fix.Venue;
using HybridMargin.Gate;

namespace HybridMargin.Fix.Session;

/// <summary>The application layer: NewOrderSingle, OrderCancelRequest, OrderCancelReplaceRequest, and the reports that answer them.</summary>
public sealed partial class FixSession
{
    private void HandleApplication(FixMessage m, long seq, ref GateRequest deferred)
    {
        if (!TakeToken())
        {
            SendBusinessReject(seq, m.MsgType, OrdRejReason.Throttle(Settings.Fix44Enums), "throttled: session message rate limit");
            return;
        }

        switch (m.MsgType[0])
        {
            case (byte)'D':
                NewOrder(m, seq, ref deferred);
                break;
            case (byte)'F':
                CancelRequest(m, seq, ref deferred);
                break;
            default:
                ReplaceRequest(m, seq, ref deferred);
                break;
        }
    }

    private void NewOrder(FixMessage m, long seq, ref GateRequest deferred)
    {
        var problem = OrderRequest.Read(m, replace: false, out var request);
        if (!problem.IsNone)
        {
            SendReject(seq, problem.Reason, problem.Tag, m.MsgType, problem.Text);
            return;
        }

        if (request.ClOrdId.Length > _limits.MaxClOrdIdLength)
        {
            SendReject(seq, RejectValueIncorrect, FixTag.ClOrdId, m.MsgType, "ClOrdID (11) is longer than the configured limit");
            return;
        }

        if (request.Unsupported is not null)
        {
            SendOrderReject(m, RejectCode.InvalidOrder, 11, request.Unsupported);
            return;
        }

        int account = ResolveAccount(m, out string? accountError, out RejectCode accountCode);
        if (account < 0)
        {
            SendOrderReject(m, accountCode, OrdRejReason.For(accountCode, false, Settings.Fix44Enums), accountError!);
            return;
        }

        int instrument = _directory.Instruments.Find(request.Symbol);
        if (instrument < 0)
        {
            SendOrderReject(m, RejectCode.UnknownInstrument, 1, $"UnknownInstrument: {Printable(request.Symbol)}");
            return;
        }

        if (_orders.Find(request.ClOrdId) >= 0)
        {
            SendOrderReject(m, RejectCode.DuplicateOrder, 6, $"DuplicateOrder: ClOrdID {Printable(request.ClOrdId)} is already live");
            return;
        }

        int slot = _orders.Add(request.ClOrdId, _store.TakeOrderSerial());
        if (slot < 0)
        {
            SendOrderReject(m, RejectCode.TooManyOrders, 99, $"TooManyOrders: the session has {_orders.Live} live orders (limit {_limits.MaxLiveOrdersPerSession})");
            return;
        }

        ref var order = ref _orders[slot];
        order.State = OrderState.PendingNew;
        order.Account = account;
        order.Instrument = instrument;
        order.Side = (Side)(request.Side - '0');
        order.Type = request.Type;
        order.TimeInForce = request.TimeInForce;
        order.OrderQty = request.Quantity;
        order.Price = request.Price;
        deferred = new GateRequest
        {
            Kind = GateRequestKind.Submit,
            Order = new Order(account, instrument, order.Side, request.Type, request.Quantity, request.Price, order.Id, NowNanos()),
        };
    }

    private void CancelRequest(FixMessage m, long seq, ref GateRequest deferred)
    {
        if (!Require(m, seq, FixTag.OrigClOrdId, out var orig) || !Require(m, seq, FixTag.ClOrdId, out var clOrdId) || !Require(m, seq, FixTag.Side, out var side)
            || !Require(m, seq, FixTag.Symbol, out _) || !Require(m, seq, FixTag.TransactTime, out _) || !ValidSide(m, seq, side))
        {
            return;
        }

        int slot = _orders.Find(orig);
        if (slot < 0 || _orders[slot].State != OrderState.Open)
        {
            SendCancelReject(m, slot, replace: false, slot < 0 ? 1 : 3, slot < 0 ? "UnknownOrder: no live order with that OrigClOrdID" : "the order has a cancel or replace pending");
            return;
        }

        int other = _orders.Find(clOrdId);
        if ((other >= 0 && other != slot) || !_orders.SetPendingKey(slot, clOrdId))
        {
            SendCancelReject(m, slot, replace: false, 6, "DuplicateOrder: ClOrdID already used by a live order, or too long");
            return;
        }

        ref var order = ref _orders[slot];
        order.State = OrderState.PendingCancel;
        order.CancelReason = CancelReason.Client;
        deferred = new GateRequest { Kind = GateRequestKind.Cancel, Order = new Order(order.Account, order.Instrument, order.Side, order.Type, 0, 0, order.Id, 0) };
    }

    private void ReplaceRequest(FixMessage m, long seq, ref GateRequest deferred)
    {
        var problem = OrderRequest.Read(m, replace: true, out var request);
        if (!problem.IsNone)
        {
            SendReject(seq, problem.Reason, problem.Tag, m.MsgType, problem.Text);
            return;
        }

        int slot = _orders.Find(request.OrigClOrdId);
        if (slot < 0 || _orders[slot].State != OrderState.Open)
        {
            SendCancelReject(m, slot, replace: true, slot < 0 ? 1 : 3, slot < 0 ? "UnknownOrder: no live order with that OrigClOrdID" : "the order has a cancel or replace pending");
            return;
        }

        ref var order = ref _orders[slot];
        int other = _orders.Find(request.ClOrdId);
        string? refused = request.Unsupported
            ?? (other >= 0 && other != slot ? "DuplicateOrder: ClOrdID already used by a live order" : null)
            ?? (request.Side != (byte)('0' + (int)order.Side) ? "the side of an order cannot be replaced" : null)
            ?? (_directory.Instruments.Find(request.Symbol) != order.Instrument ? "the symbol of an order cannot be replaced" : null)
            ?? (!(request.Quantity > order.CumQty) ? $"InvalidOrder: OrderQty {request.Quantity} not above CumQty {order.CumQty}" : null);
        if (refused is not null || !_orders.SetPendingKey(slot, request.ClOrdId))
        {
            SendCancelReject(m, slot, replace: true, other >= 0 && other != slot ? 6 : 99, refused ?? "ClOrdID too long");
            return;
        }

        order.State = OrderState.PendingReplace;
        order.PendingQty = request.Quantity;
        order.PendingPrice = request.Price;
        order.PendingType = request.Type;
        deferred = new GateRequest
        {
            Kind = GateRequestKind.Replace,
            OriginalId = order.Id,
            Order = new Order(order.Account, order.Instrument, order.Side, request.Type, request.Quantity - order.CumQty, request.Price, order.Id, NowNanos()),
        };
    }

    private void Publish(in GateRequest request)
    {
        switch (request.Kind)
        {
            case GateRequestKind.Submit:
                // Waits on this (the read loop's) thread for the decision, then answers directly on the socket.
                var decision = _gate.Submit(request.Order);
                lock (_lock)
                {
                    _direct = true;
                    try
                    {
                        Decided(decision);
                    }
                    finally
                    {
                        _direct = false;
                    }
                }

                break;
            case GateRequestKind.Replace:
                _gate.Replace(request.OriginalId, request.Order, this);
                break;
            case GateRequestKind.Cancel:
                if (!_gate.Cancel(request.Order.Account, request.Order.ClientOrderId, this))
                {
                    OnReply(new GateReply(GateEventKind.Cancel, request.Order.Account, new Decision { Code = RejectCode.GateStopped, ClientOrderId = request.Order.ClientOrderId }, 0, 0, 0));
                }

                break;
        }
    }

    // Under the lock: the answer to a new order.
    private void Decided(in Decision decision)
    {
        int slot = _disposed ? -1 : _orders.FindById(decision.ClientOrderId);
        if (slot < 0 || _orders[slot].State != OrderState.PendingNew)
        {
            return;
        }

        if (decision.Accepted)
        {
            // Routed before the report goes out, still under the lock: the venue's fills need the lock, so they can
            // only be reported after this New, and whoever sees the New finds the order at the venue.
            _orders[slot].State = OrderState.Open;
            _sink.OnAccepted(Route(slot));
            SendExecution(slot, '0', '0', _orders.Key(slot), default, 0, 0);
        }
        else
        {
            SendExecution(slot, '8', '8', _orders.Key(slot), default, 0, 0, decision);
            LogReject(slot, decision);
            _orders.Remove(slot);
        }
    }

    /// <summary>
    /// A replace, cancel or fill result from the gate (its reply thread, or the caller's for refusals). New orders are
    /// not answered here: the read loop waits for their decision itself (see <see cref="Publish"/>).
    /// </summary>
    public void OnReply(in GateReply reply)
    {
        var route = default(RoutedOrder);
        var routeKind = GateEventKind.Probe;
        long id = reply.Decision.ClientOrderId;
        int cancelAccount = -1;
        lock (_lock)
        {
            int slot = _disposed ? -1 : _orders.FindById(id);
            if (slot < 0)
            {
                if (reply.Kind == GateEventKind.Fill && reply.Decision.Code == RejectCode.None)
                {
                    _log.Error(Name, $"fill applied for order {id}, which the session no longer tracks");
                }

                return;
            }

            ref var order = ref _orders[slot];
            var decision = reply.Decision;
            switch (reply.Kind)
            {
                case GateEventKind.Replace when order.State == OrderState.PendingReplace:
                    order.State = OrderState.Open;
                    if (decision.Accepted)
                    {
                        order.OrderQty = order.PendingQty;
                        order.Price = order.PendingPrice;
                        order.Type = order.PendingType;
                        SendExecution(slot, '5', order.CumQty > 0 ? '1' : '0', _orders.PendingKey(slot), _orders.Key(slot), 0, 0);
                        _orders.Rekey(slot);
                        route = Route(slot);
                        routeKind = GateEventKind.Replace;
                    }
                    else
                    {
                        SendCancelReject(slot, replace: true, OrdRejReason.ForCancel(decision.Code), decision);
                        LogReject(slot, decision);
                        RemoveIfFilled(slot);
                    }

                    cancelAccount = CancelIfDetached(ref order, ref routeKind);
                    break;
                case GateEventKind.Cancel when order.State == OrderState.PendingCancel:
                    if (decision.Code == RejectCode.None)
                    {
                        var clOrdId = order.CancelReason == CancelReason.Client ? _orders.PendingKey(slot) : _orders.Key(slot);
                        var orig = order.CancelReason == CancelReason.Client ? _orders.Key(slot) : default;
                        SendExecution(slot, '4', '4', clOrdId, orig, 0, 0);
                        routeKind = GateEventKind.Cancel;
                        _orders.Remove(slot);
                    }
                    else
                    {
                        order.State = OrderState.Open;
                        if (order.CancelReason == CancelReason.Client)
                        {
                            SendCancelReject(slot, replace: false, decision.Code == RejectCode.UnknownOrder ? 0 : 99, decision);
                        }
                        else
                        {
                            _log.Error(Name, $"cancel of order {id} ({order.CancelReason}) refused by the gate: {decision.Code}");
                        }

                        RemoveIfFilled(slot);
                    }

                    break;
                case GateEventKind.Fill:
                    if (!_pendingFills.TryTake(id, out double quantity, out double price))
                    {
                        _log.Error(Name, $"gate answered a fill of order {id} the session did not send");
                        return;
                    }

                    if (decision.Code != RejectCode.None)
                    {
                        _log.Error(Name, $"venue fill of order {id} ({quantity} @ {price}) NOT applied by the gate: {decision.Code}");
                        return;
                    }

                    double cum = order.CumQty + quantity;
                    order.AvgPx = ((order.AvgPx * order.CumQty) + (price * quantity)) / cum;
                    order.CumQty = cum;
                    bool done = cum >= order.OrderQty * (1 - 1e-12);
                    SendExecution(slot, 'F', done ? '2' : '1', _orders.Key(slot), default, quantity, price);
                    if (done && order.State == OrderState.Open)
                    {
                        _orders.Remove(slot);
                    }

                    break;
            }
        }

        if (cancelAccount >= 0)
        {
            // Not on this thread: it is the gate's reply thread, which a publish into the gate could wait on.
            ThreadPool.QueueUserWorkItem(static s => s.Gate.Cancel(s.Account, s.Id, s.Session), (Gate: _gate, Account: cancelAccount, Id: id, Session: this), preferLocal: false);
        }

        switch (routeKind)
        {
            case GateEventKind.Replace:
                _sink.OnReplaced(route);
                break;
            case GateEventKind.Cancel:
                _sink.OnCancelled(id);
                break;
        }
    }

    /// <summary>
    /// An order that became open while no connection is bound: Detach skipped it (it was pending with the gate),
    /// so with cancel-on-disconnect it is cancelled now, and not routed. Returns its account, or -1 to keep it.
    /// </summary>
    private int CancelIfDetached(ref SessionOrder order, ref GateEventKind routeKind)
    {
        if (_connection is not null || !Settings.CancelOnDisconnect || order.State != OrderState.Open)
        {
            return -1;
        }

        order.State = OrderState.PendingCancel;
        order.CancelReason = CancelReason.Disconnect;
        routeKind = GateEventKind.Probe;
        _log.Session(Name, $"cancel on disconnect: order {order.Id} became open after the connection dropped");
        return order.Account;
    }

    /// <inheritdoc/>
    public void OnFill(long orderId, double quantity, double price)
    {
        int account;
        lock (_lock)
        {
            int slot = _disposed ? -1 : _orders.FindById(orderId);
            if (slot < 0 || !_pendingFills.TryAdd(orderId, quantity, price))
            {
                _log.Error(Name, $"venue fill of order {orderId} ({quantity} @ {price}) for an order the session does not track (or too many fills pending)");
                return;
            }

            account = _orders[slot].Account;
        }

        if (!_gate.Fill(account, orderId, quantity, price, this))
        {
            _log.Error(Name, $"venue fill of order {orderId} not applied: the gate is stopped");
        }
    }

    /// <inheritdoc/>
    public void OnExpired(long orderId)
    {
        int account;
        lock (_lock)
        {
            int slot = _disposed ? -1 : _orders.FindById(orderId);
            if (slot < 0 || _orders[slot].State != OrderState.Open)
            {
                return;
            }

            _orders[slot].State = OrderState.PendingCancel;
            _orders[slot].CancelReason = CancelReason.Expired;
            account = _orders[slot].Account;
        }

        _gate.Cancel(account, orderId, this);
    }

    private RoutedOrder Route(int slot)
    {
        ref var o = ref _orders[slot];
        return new RoutedOrder(this, o.Id, o.Account, o.Instrument, o.Side, o.Type, o.LeavesQty, o.Price, o.TimeInForce);
    }

    private bool Require(FixMessage m, long seq, int tag, out ReadOnlySpan<byte> value)
    {
        if (m.TryGet(tag, out value))
        {
            return true;
        }

        SendReject(seq, RejectRequiredTagMissing, tag, m.MsgType, $"required tag {tag} missing");
        return false;
    }

    private bool ValidSide(FixMessage m, long seq, ReadOnlySpan<byte> side)
    {
        if (OrderRequest.IsDefinedSide(side))
        {
            return true;
        }

        SendReject(seq, RejectValueIncorrect, FixTag.Side, m.MsgType, "Side (54) value is not defined");
        return false;
    }

    private int ResolveAccount(FixMessage m, out string? error, out RejectCode code)
    {
        error = null;
        code = RejectCode.UnknownAccount;
        int account;
        if (m.TryGet(FixTag.Account, out var name))
        {
            account = _directory.Accounts.Find(name);
            if (account < 0)
            {
                error = $"UnknownAccount: {Printable(name)}";
                return -1;
            }
        }
        else
        {
            account = Array.IndexOf(_permitted, true);
            if (account < 0 || Array.IndexOf(_permitted, true, account + 1) >= 0)
            {
                error = "UnknownAccount: Account (1) is required on a session that may trade several accounts";
                return -1;
            }
        }

        if (!_permitted[account])
        {
            error = $"UnknownAccount: account {Printable(name)} is not permitted on session {Name}";
            return -1;
        }

        return account;
    }

    private void SendExecution(int slot, char execType, char ordStatus, ReadOnlySpan<byte> clOrdId, ReadOnlySpan<byte> origClOrdId, double lastQty, double lastPx, in Decision reject = default)
    {
        ref var o = ref _orders[slot];
        bool terminal = ordStatus is '2' or '4' or '8';
        BeginAdmin("8"u8);
        _writer.Add(FixTag.OrderId, o.Id);
        _writer.Add(FixTag.ClOrdId, clOrdId);
        if (!origClOrdId.IsEmpty)
        {
            _writer.Add(FixTag.OrigClOrdId, origClOrdId);
        }

        _writer.Add(FixTag.ExecId, _store.TakeExecSerial());
        _writer.Add(FixTag.ExecType, execType);
        _writer.Add(FixTag.OrdStatus, ordStatus);
        _writer.Add(FixTag.Account, _directory.Accounts.Name(o.Account));
        _writer.Add(FixTag.Symbol, _directory.Instruments.Name(o.Instrument));
        _writer.Add(FixTag.Side, (char)('0' + (int)o.Side));
        _writer.Add(FixTag.OrderQty, o.OrderQty);
        _writer.Add(FixTag.OrdType, o.Type == OrderType.Market ? '1' : '2');
        if (o.Type == OrderType.Limit && double.IsFinite(o.Price))
        {
            _writer.Add(FixTag.Price, o.Price);
        }

        if (o.TimeInForce != (byte)'0')
        {
            _writer.Add(FixTag.TimeInForce, (char)o.TimeInForce);
        }

        if (lastQty > 0)
        {
            _writer.Add(FixTag.LastQty, lastQty);
            _writer.Add(FixTag.LastPx, lastPx);
        }

        _writer.Add(FixTag.LeavesQty, terminal ? 0 : o.LeavesQty);
        _writer.Add(FixTag.CumQty, o.CumQty);
        _writer.Add(FixTag.AvgPx, o.AvgPx);
        _writer.AddTimestamp(FixTag.TransactTime, DateTime.UtcNow);
        if (execType == '8')
        {
            _writer.Add(FixTag.OrdRejReason, (long)OrdRejReason.For(reject.Code, !(o.OrderQty > 0) || !double.IsFinite(o.OrderQty), Settings.Fix44Enums));
            AddDecisionText(reject);
        }
        else if (o.CancelReason != CancelReason.Client && execType == '4')
        {
            AddAsciiText(o.CancelReason == CancelReason.Disconnect ? "cancelled on disconnect" : "remainder expired (IOC/FOK)");
        }

        Transmit();
    }

    private void AddDecisionText(in Decision decision)
    {
        var span = _writer.OpenValue(FixTag.Text);
        _writer.CloseValue(decision.TryFormatUtf8(span, out int written) ? written : 0);
    }

    /// <summary>A reject decided here, before the gate (format-valid order the session cannot route): an ExecutionReport echoing the request.</summary>
    private void SendOrderReject(FixMessage m, RejectCode code, int ordRejReason, string text)
    {
        BeginAdmin("8"u8);
        _writer.Add(FixTag.OrderId, "NONE"u8);
        _writer.Add(FixTag.ClOrdId, m.Get(FixTag.ClOrdId));
        _writer.Add(FixTag.ExecId, _store.TakeExecSerial());
        _writer.Add(FixTag.ExecType, '8');
        _writer.Add(FixTag.OrdStatus, '8');
        if (m.TryGet(FixTag.Account, out var account))
        {
            _writer.Add(FixTag.Account, account);
        }

        _writer.Add(FixTag.Symbol, m.Get(FixTag.Symbol));
        _writer.Add(FixTag.Side, m.Get(FixTag.Side));
        _writer.Add(FixTag.OrderQty, m.Get(FixTag.OrderQty));
        _writer.Add(FixTag.OrdType, m.Get(FixTag.OrdType));
        _writer.Add(FixTag.LeavesQty, 0L);
        _writer.Add(FixTag.CumQty, 0L);
        _writer.Add(FixTag.AvgPx, 0L);
        _writer.AddTimestamp(FixTag.TransactTime, DateTime.UtcNow);
        _writer.Add(FixTag.OrdRejReason, (long)ordRejReason);
        AddAsciiText(text);
        Transmit();
        if (_log.WantsRejects)
        {
            _log.Reject(Name, $"order {Printable(m.Get(FixTag.ClOrdId))}: {text}");
        }
    }

    private void SendCancelReject(FixMessage m, int slot, bool replace, int reason, string text)
    {
        BeginAdmin("9"u8);
        if (slot >= 0)
        {
            _writer.Add(FixTag.OrderId, _orders[slot].Id);
        }
        else
        {
            _writer.Add(FixTag.OrderId, "NONE"u8);
        }

        _writer.Add(FixTag.ClOrdId, m.Get(FixTag.ClOrdId));
        _writer.Add(FixTag.OrigClOrdId, m.Get(FixTag.OrigClOrdId));
        _writer.Add(FixTag.OrdStatus, slot >= 0 ? Status(slot) : '8');
        _writer.Add(FixTag.CxlRejResponseTo, replace ? '2' : '1');
        _writer.Add(FixTag.CxlRejReason, (long)reason);
        AddAsciiText(text);
        Transmit();
        if (_log.WantsRejects)
        {
            _log.Reject(Name, $"{(replace ? "replace" : "cancel")} {Printable(m.Get(FixTag.ClOrdId))}: {text}");
        }
    }

    private void SendCancelReject(int slot, bool replace, int reason, in Decision decision)
    {
        BeginAdmin("9"u8);
        _writer.Add(FixTag.OrderId, _orders[slot].Id);
        _writer.Add(FixTag.ClOrdId, _orders.PendingKey(slot));
        _writer.Add(FixTag.OrigClOrdId, _orders.Key(slot));
        _writer.Add(FixTag.OrdStatus, Status(slot));
        _writer.Add(FixTag.CxlRejResponseTo, replace ? '2' : '1');
        _writer.Add(FixTag.CxlRejReason, (long)reason);
        AddDecisionText(decision);
        Transmit();
    }

    private char Status(int slot) => _orders[slot].CumQty > 0 ? (IsFilled(slot) ? '2' : '1') : '0';

    private bool IsFilled(int slot) => _orders[slot].CumQty >= _orders[slot].OrderQty * (1 - 1e-12);

    /// <summary>A fill completed the order while a cancel or replace was with the gate (which then refused it): the order is done.</summary>
    private void RemoveIfFilled(int slot)
    {
        if (_orders[slot].State == OrderState.Open && IsFilled(slot))
        {
            _orders.Remove(slot);
        }
    }

    private void LogReject(int slot, in Decision decision)
    {
        if (_log.WantsRejects)
        {
            _log.Reject(Name, $"order {Printable(_orders.Key(slot))} ({Printable(_directory.Accounts.Name(_orders[slot].Account))} {Printable(_directory.Instruments.Name(_orders[slot].Instrument))}): {decision.Text}");
        }
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[Math.Min(bytes.Length, 64)];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = bytes[i] is >= 0x20 and <= 0x7E ? (char)bytes[i] : '?';
        }

        return new string(chars);
    }

    private static long NowNanos() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

}
