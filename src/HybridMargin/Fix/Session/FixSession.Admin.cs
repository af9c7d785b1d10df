using System.Diagnostics;
using System.Text;
using HybridMargin.Fix.Codec;

namespace HybridMargin.Fix.Session;

/// <summary>The session layer: logon, sequence numbers, heartbeats, resends, resets, rejects and logout.</summary>
public sealed partial class FixSession
{
    // SessionRejectReason (373) values used here.
    private const int RejectInvalidTag = 0;
    private const int RejectRequiredTagMissing = 1;
    private const int RejectTagWithoutValue = 4;
    private const int RejectValueIncorrect = 5;
    private const int RejectIncorrectDataFormat = 6;
    private const int RejectCompIdProblem = 9;
    private const int RejectInvalidMsgType = 11;
    private const int RejectTagMoreThanOnce = 13;

    // Application message types of FIX 4.4 that this acceptor does not serve: BusinessMessageReject, not a session Reject.
    private static readonly string[] Fix44ApplicationTypes =
    [
        "6", "7", "8", "9", "B", "C", "E", "H", "J", "K", "L", "M", "N", "P", "Q", "R", "S", "T", "V", "W", "X", "Y", "Z",
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z",
        "AA", "AB", "AC", "AD", "AE", "AF", "AG", "AH", "AI", "AJ", "AK", "AL", "AM", "AN", "AO", "AP", "AQ", "AR", "AS", "AT", "AU",
        "AV", "AW", "AX", "AY", "AZ", "BA", "BB", "BC", "BD", "BE", "BF", "BG", "BH",
    ];

    private bool Handle(FixConnection connection, in FixParseResult result, FixMessage message, ref GateRequest deferred)
    {
        if (result.Status == FixParseStatus.Error)
        {
            return HandleParseError(result, message);
        }

        if (!_loggedOn)
        {
            return HandleLogon(message);
        }

        if (!message.Get(FixTag.SenderCompId).SequenceEqual(_targetCompId) || !message.Get(FixTag.TargetCompId).SequenceEqual(_senderCompId))
        {
            SendReject(message.MsgSeqNum, RejectCompIdProblem, FixTag.SenderCompId, message.MsgType, "CompID problem");
            SendLogout("CompID problem");
            return true;
        }

        long seq = message.MsgSeqNum;
        if (seq == 0)
        {
            SendLogout("MsgSeqNum (34) missing or invalid");
            return true;
        }

        if (message.IsType((byte)'4') && !message.IsYes(FixTag.GapFillFlag))
        {
            return HandleSequenceReset(message, seq);
        }

        long expected = _store.NextTargetSeq;
        if (seq > expected)
        {
            if (message.IsType((byte)'5'))
            {
                return HandleLogout();
            }

            if (message.IsType((byte)'2'))
            {
                HandleResendRequest(message);
            }

            RequestResend(expected, seq);
            return true;
        }

        if (seq < expected)
        {
            if (message.PossDup)
            {
                // Already processed: a resent duplicate is ignored (FIX session rules).
                return true;
            }

            SendLogout($"MsgSeqNum too low, expecting {expected} but received {seq}");
            _log.Session(Name, $"MsgSeqNum too low ({seq} < {expected}): logged out");
            return true;
        }

        _store.NextTargetSeq = expected + 1;
        if (_resendRequestedThrough != 0 && seq >= _resendRequestedThrough)
        {
            _resendRequestedThrough = 0;
        }

        if (message.PossDup && !message.Has(FixTag.OrigSendingTime) && !message.IsType((byte)'4'))
        {
            SendReject(seq, RejectRequiredTagMissing, FixTag.OrigSendingTime, message.MsgType, "OrigSendingTime (122) required with PossDupFlag");
            return true;
        }

        if (!FixTimestamp.TryParse(message.Get(FixTag.SendingTime), out _))
        {
            SendReject(seq, message.Has(FixTag.SendingTime) ? RejectIncorrectDataFormat : RejectRequiredTagMissing, FixTag.SendingTime, message.MsgType, "SendingTime (52) missing or malformed");
            return true;
        }

        var type = message.MsgType;
        if (type.Length == 1)
        {
            switch (type[0])
            {
                case (byte)'0':
                    return true;
                case (byte)'1':
                    return HandleTestRequest(message, seq);
                case (byte)'2':
                    HandleResendRequest(message);
                    return true;
                case (byte)'3':
                    _log.Error(Name, $"client rejected our message {Encoding.ASCII.GetString(message.Get(FixTag.RefSeqNum))}: {Encoding.UTF8.GetString(message.Get(FixTag.Text))}");
                    return true;
                case (byte)'4':
                    return HandleGapFill(message, seq);
                case (byte)'5':
                    return HandleLogout();
                case (byte)'A':
                    SendReject(seq, RejectValueIncorrect, FixTag.MsgType, type, "already logged on");
                    return true;
                case (byte)'D':
                case (byte)'F':
                case (byte)'G':
                    HandleApplication(message, seq, ref deferred);
                    return true;
            }
        }

        if (IsFix44ApplicationType(type))
        {
            SendBusinessReject(seq, type, 3, "unsupported message type");
        }
        else
        {
            SendReject(seq, RejectInvalidMsgType, FixTag.MsgType, type, "invalid MsgType");
        }

        return true;
    }

    private bool HandleParseError(in FixParseResult result, FixMessage message)
    {
        switch (result.Error)
        {
            case FixParseError.BeginStringInvalid:
                _log.Error(Name, "BeginString is not FIX.4.4: logging out");
                SendLogoutIfLoggedOn("BeginString must be FIX.4.4");
                return _loggedOn;
            case FixParseError.MessageTooLarge:
                _log.Error(Name, $"message above {_limits.MaxMessageBytes} bytes: disconnecting");
                SendLogoutIfLoggedOn($"message larger than {_limits.MaxMessageBytes} bytes");
                return false;
            case FixParseError.Garbage or FixParseError.BodyLengthInvalid or FixParseError.ChecksumInvalid or FixParseError.HeaderOutOfOrder:
                // Garbled: ignored without counting it; the sequence gap brings the message back (FIX session rules).
                _log.Error(Name, $"garbled input ignored ({result.Error} at byte {result.Offset})");
                return true;
        }

        // Well framed, good checksum, bad content: answer with a Reject if the message can be placed in the sequence.
        long seq = message.MsgSeqNum;
        if (seq == 0 && _loggedOn && result.Error is FixParseError.ValueEmpty or FixParseError.DuplicateTag)
        {
            // Every field was read and MsgSeqNum is empty or missing: FIX ends the session, as for a well-formed message.
            _log.Error(Name, $"MsgSeqNum (34) missing or empty ({result.Error}): logging out");
            SendLogoutIfLoggedOn("MsgSeqNum (34) missing or invalid");
            return true;
        }

        if (!_loggedOn || seq == 0 || seq != _store.NextTargetSeq)
        {
            _log.Error(Name, $"unusable message ignored ({result.Error} at byte {result.Offset})");
            return _loggedOn;
        }

        _store.NextTargetSeq = seq + 1;
        int reason = result.Error switch
        {
            FixParseError.DuplicateTag => RejectTagMoreThanOnce,
            FixParseError.ValueEmpty => RejectTagWithoutValue,
            _ => RejectInvalidTag,
        };
        SendReject(seq, reason, result.Tag, message.MsgType, result.Error.ToString());
        return true;
    }

    private void SendLogoutIfLoggedOn(string text)
    {
        if (_loggedOn && !_logoutSent)
        {
            SendLogout(text);
        }
    }

    private bool HandleLogon(FixMessage message)
    {
        if (!message.IsType((byte)'A'))
        {
            _log.Error(Name, "first message is not a Logon: disconnecting");
            return false;
        }

        if (Settings.Password is not null && !message.Get(FixTag.Password).SequenceEqual(Encoding.UTF8.GetBytes(Settings.Password)))
        {
            _log.Error(Name, "Logon with a wrong or missing password: disconnecting");
            return false;
        }

        long seq = message.MsgSeqNum;
        if (!FixValue.TryParseInt(message.Get(FixTag.HeartBtInt), out long heartbeat) || seq == 0 || !message.Get(98).SequenceEqual("0"u8))
        {
            _log.Error(Name, "Logon without a valid HeartBtInt (108), EncryptMethod=0 (98) or MsgSeqNum (34): disconnecting");
            return false;
        }

        // Checked before any reset: a refused Logon must leave the session's sequence numbers and messages alone.
        if (heartbeat < Settings.HeartbeatMinSeconds || heartbeat > Settings.HeartbeatMaxSeconds)
        {
            SendLogout($"HeartBtInt {heartbeat} outside {Settings.HeartbeatMinSeconds}..{Settings.HeartbeatMaxSeconds}");
            _log.Error(Name, $"Logon refused: HeartBtInt {heartbeat} out of bounds");
            return true;
        }

        bool reset = message.IsYes(FixTag.ResetSeqNumFlag);
        if (reset)
        {
            _store.Reset();
        }

        long expected = _store.NextTargetSeq;
        if (seq < expected)
        {
            SendLogout($"MsgSeqNum too low, expecting {expected} but received {seq}");
            _log.Error(Name, $"Logon refused: MsgSeqNum {seq} below {expected}");
            return true;
        }

        _heartbeatSeconds = (int)heartbeat;
        _loggedOn = true;
        BeginAdmin("A"u8);
        _writer.Add(98, (long)0);
        _writer.Add(FixTag.HeartBtInt, heartbeat);
        if (reset)
        {
            _writer.Add(FixTag.ResetSeqNumFlag, 'Y');
        }

        Transmit();
        _log.Session(Name, $"logged on from {_connection?.Remote} (HeartBtInt {heartbeat}, seq in {seq}, next out {_store.NextSenderSeq}{(reset ? ", reset" : "")})");
        if (seq == expected)
        {
            _store.NextTargetSeq = expected + 1;
        }
        else
        {
            RequestResend(expected, seq);
        }

        return true;
    }

    private void RequestResend(long from, long seen)
    {
        if (_resendRequestedThrough != 0)
        {
            return;
        }

        _resendRequestedThrough = seen;
        BeginAdmin("2"u8);
        _writer.Add(FixTag.BeginSeqNo, from);
        _writer.Add(FixTag.EndSeqNo, 0L);
        Transmit();
        _log.Session(Name, $"gap: expected {from}, received {seen}; ResendRequest sent");
    }

    private bool HandleSequenceReset(FixMessage message, long seq)
    {
        if (!FixValue.TryParseInt(message.Get(FixTag.NewSeqNo), out long next) || next < _store.NextTargetSeq)
        {
            SendReject(seq, RejectValueIncorrect, FixTag.NewSeqNo, message.MsgType, "NewSeqNo (36) missing or below the expected sequence number");
            return true;
        }

        _store.NextTargetSeq = next;
        _resendRequestedThrough = 0;
        _log.Session(Name, $"SequenceReset: next in {next}");
        return true;
    }

    private bool HandleGapFill(FixMessage message, long seq)
    {
        if (!FixValue.TryParseInt(message.Get(FixTag.NewSeqNo), out long next) || next <= seq)
        {
            SendReject(seq, RejectValueIncorrect, FixTag.NewSeqNo, message.MsgType, "NewSeqNo (36) must exceed MsgSeqNum");
            return true;
        }

        _store.NextTargetSeq = next;
        if (_resendRequestedThrough != 0 && next > _resendRequestedThrough)
        {
            _resendRequestedThrough = 0;
        }

        return true;
    }

    private bool HandleTestRequest(FixMessage message, long seq)
    {
        if (!message.TryGet(FixTag.TestReqId, out var id))
        {
            SendReject(seq, RejectRequiredTagMissing, FixTag.TestReqId, message.MsgType, "TestReqID (112) required");
            return true;
        }

        BeginAdmin("0"u8);
        _writer.Add(FixTag.TestReqId, id);
        Transmit();
        return true;
    }

    private bool HandleLogout()
    {
        if (!_logoutSent)
        {
            SendLogout(null);
        }

        _log.Session(Name, "logged out");
        _connection?.CloseAfterSent();
        return true;
    }

    private void HandleResendRequest(FixMessage message)
    {
        if (!FixValue.TryParseInt(message.Get(FixTag.BeginSeqNo), out long begin) || !FixValue.TryParseInt(message.Get(FixTag.EndSeqNo), out long end) || begin < 1)
        {
            SendReject(message.MsgSeqNum, RejectRequiredTagMissing, FixTag.BeginSeqNo, message.MsgType, "BeginSeqNo (7) and EndSeqNo (16) required");
            return;
        }

        long last = _store.NextSenderSeq - 1;
        if (end == 0 || end > last)
        {
            end = last;
        }

        if (begin > end)
        {
            return;
        }

        var stored = _store.ReadAll();
        var old = new FixMessage(_limits.MaxFields);
        long gapStart = begin;
        int resent = 0;
        int offset = 0;
        while (offset < stored.Length)
        {
            var parsed = FixParser.Parse(stored.AsMemory(offset), old, _limits.MaxMessageBytes);
            if (parsed.Status != FixParseStatus.Complete)
            {
                break;
            }

            offset += parsed.Length;
            long seq = old.MsgSeqNum;
            if (seq < gapStart || seq > end || IsAdmin(old.MsgType))
            {
                continue;
            }

            if (seq > gapStart)
            {
                SendGapFill(gapStart, seq);
            }

            Resend(old, seq);
            resent++;
            gapStart = seq + 1;
        }

        if (gapStart <= end)
        {
            SendGapFill(gapStart, end + 1);
        }

        _log.Session(Name, $"ResendRequest {begin}..{end}: {resent} message(s) resent, the rest gap-filled");
    }

    private void SendGapFill(long seq, long next)
    {
        Begin("4"u8, seq);
        _writer.Add(FixTag.PossDupFlag, 'Y');
        _writer.AddTimestamp(FixTag.OrigSendingTime, DateTime.UtcNow);
        _writer.Add(FixTag.GapFillFlag, 'Y');
        _writer.Add(FixTag.NewSeqNo, next);
        Enqueue(_writer.Complete());
    }

    private void Resend(FixMessage old, long seq)
    {
        Begin(old.MsgType, seq);
        _writer.Add(FixTag.PossDupFlag, 'Y');
        _writer.Add(FixTag.OrigSendingTime, old.Get(FixTag.SendingTime));
        for (int i = 0; i < old.Count; i++)
        {
            int tag = old.TagAt(i);
            if (tag is not (FixTag.BeginString or FixTag.BodyLength or FixTag.MsgType or FixTag.SenderCompId or FixTag.TargetCompId
                or FixTag.MsgSeqNum or FixTag.SendingTime or FixTag.PossDupFlag or FixTag.OrigSendingTime or FixTag.CheckSum or 97))
            {
                _writer.Add(tag, old.ValueAt(i));
            }
        }

        var bytes = _writer.Complete();
        if (!bytes.IsEmpty)
        {
            Enqueue(bytes);
        }
    }

    private static bool IsAdmin(ReadOnlySpan<byte> type) =>
        type.Length == 1 && type[0] is (byte)'0' or (byte)'1' or (byte)'2' or (byte)'3' or (byte)'4' or (byte)'5' or (byte)'A';

    private static bool IsFix44ApplicationType(ReadOnlySpan<byte> type)
    {
        foreach (string known in Fix44ApplicationTypes)
        {
            if (type.Length == known.Length && (type[0] == known[0]) && (type.Length == 1 || type[1] == known[1]))
            {
                return true;
            }
        }

        return false;
    }

    private void SendReject(long refSeq, int reason, int refTag, ReadOnlySpan<byte> refMsgType, string text)
    {
        BeginAdmin("3"u8);
        _writer.Add(FixTag.RefSeqNum, refSeq);
        if (refTag > 0)
        {
            _writer.Add(FixTag.RefTagId, refTag);
        }

        if (!refMsgType.IsEmpty)
        {
            _writer.Add(FixTag.RefMsgType, refMsgType);
        }

        _writer.Add(FixTag.SessionRejectReason, reason);
        AddAsciiText(text);
        Transmit();
        _log.Error(Name, $"Reject sent for seq {refSeq}: {text}{(refTag > 0 ? $" (tag {refTag})" : "")}");
    }

    private void SendBusinessReject(long refSeq, ReadOnlySpan<byte> refMsgType, int reason, string text)
    {
        Begin("j"u8, _store.NextSenderSeq);
        _writer.Add(FixTag.RefSeqNum, refSeq);
        _writer.Add(FixTag.RefMsgType, refMsgType);
        _writer.Add(FixTag.BusinessRejectReason, reason);
        AddAsciiText(text);
        Transmit();
    }

    private void AddAsciiText(string text)
    {
        var span = _writer.OpenValue(FixTag.Text);
        int n = Math.Min(text.Length, span.Length);
        for (int i = 0; i < n; i++)
        {
            char c = text[i];
            span[i] = c is >= ' ' and <= '~' ? (byte)c : (byte)'?';
        }

        _writer.CloseValue(n);
    }

    private bool TakeToken()
    {
        long now = Stopwatch.GetTimestamp();
        double rate = _limits.MaxMessagesPerSecond;
        _tokens = Math.Min(rate, _tokens + ((now - _tokensAt) * rate / Stopwatch.Frequency));
        _tokensAt = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }
}
