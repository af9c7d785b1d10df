// Scripted FIX initiator on QuickFIX C++ (Debian libquickfix-dev 1.15.1), used to
// prove that HybridMargin's FIX 4.4 acceptor interoperates with a third-party engine.
//
//   client SETTINGS_FILE SCRIPT_FILE
//
// The script language and the output format are described in README.md next to this
// file. Build with build.sh (g++ -std=c++11; QuickFIX 1.15.1's headers use dynamic
// exception specifications, which C++17 no longer accepts).

#include "quickfix/Application.h"
#include "quickfix/DataDictionary.h"
#include "quickfix/FieldConvertors.h"
#include "quickfix/FileLog.h"
#include "quickfix/FileStore.h"
#include "quickfix/Log.h"
#include "quickfix/Message.h"
#include "quickfix/Session.h"
#include "quickfix/SessionSettings.h"
#include "quickfix/SocketInitiator.h"
#include "quickfix/Values.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

const char SOH = '\x01';

// ---------------------------------------------------------------- output

std::mutex outputMutex;
bool outputClosed = false;

// One event, one line, flushed at once: the C# test reads stdout while we run.
// `last` marks the final line (DONE / FAIL): nothing is printed after it.
void emit(const std::string& line, bool last = false)
{
  std::lock_guard<std::mutex> lock(outputMutex);
  if (outputClosed) return;
  outputClosed = last;
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

// Raw FIX with SOH shown as '|'; CR/LF (only possible inside data fields) as ' ' so
// that an event never spans two lines.
std::string printable(const std::string& raw)
{
  std::string text(raw);
  for (std::string::size_type i = 0; i < text.size(); ++i)
  {
    if (text[i] == SOH) text[i] = '|';
    else if (text[i] == '\n' || text[i] == '\r') text[i] = ' ';
  }
  return text;
}

// ---------------------------------------------------------------- raw FIX fields

typedef std::vector<std::pair<int, std::string> > FieldList;

bool parseTag(const std::string& text, int& tag)
{
  if (text.empty() || text.size() > 9) return false;
  for (std::string::size_type i = 0; i < text.size(); ++i)
    if (text[i] < '0' || text[i] > '9') return false;
  tag = std::atoi(text.c_str());
  return tag > 0;
}

FieldList splitFix(const std::string& raw)
{
  FieldList fields;
  std::string::size_type start = 0;
  while (start < raw.size())
  {
    std::string::size_type end = raw.find(SOH, start);
    if (end == std::string::npos) end = raw.size();
    std::string item = raw.substr(start, end - start);
    std::string::size_type eq = item.find('=');
    int tag = 0;
    if (eq != std::string::npos && parseTag(item.substr(0, eq), tag))
      fields.push_back(std::make_pair(tag, item.substr(eq + 1)));
    start = end + 1;
  }
  return fields;
}

std::string firstValue(const FieldList& fields, int tag)
{
  for (FieldList::const_iterator i = fields.begin(); i != fields.end(); ++i)
    if (i->first == tag) return i->second;
  return std::string();
}

std::string headerValue(const FIX::Message& message, int tag)
{
  return message.getHeader().isSetField(tag) ? message.getHeader().getField(tag) : std::string();
}

// ---------------------------------------------------------------- shared state

struct Received
{
  FIX::SessionID session;
  std::string msgType;
  FieldList fields;
  std::string text;   // printable form
  bool consumed;
};

struct SharedState
{
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Received> received;
  std::map<FIX::SessionID, bool> loggedOn;
  std::map<FIX::SessionID, std::string> lastIncoming;   // raw, as read from the socket
};

SharedState shared;

// With more than one session in the settings file, LOGON/LOGOUT lines name the session.
bool multiSession = false;

std::string sessionSuffix(const FIX::SessionID& session)
{
  return multiSession ? " " + session.toString() : std::string();
}

// True while the script thread itself sends through QuickFIX: a Reject (35=3) or a
// BusinessMessageReject (35=j) that the script asked for is not QuickFIX rejecting.
thread_local bool scriptSending = false;

struct ScriptSendScope
{
  ScriptSendScope() { scriptSending = true; }
  ~ScriptSendScope() { scriptSending = false; }
};

std::string lastIncomingFor(const FIX::SessionID& session)
{
  std::lock_guard<std::mutex> lock(shared.mutex);
  std::map<FIX::SessionID, std::string>::const_iterator i = shared.lastIncoming.find(session);
  return i == shared.lastIncoming.end() ? std::string() : i->second;
}

// ---------------------------------------------------------------- log tap

// QuickFIX's own words for a received message it found invalid and dropped, or a
// protocol violation it answered by disconnecting, without sending a Reject
// (rejects that are sent are caught in toAdmin/toApp instead).
bool isValidationEvent(const std::string& text)
{
  static const char* const patterns[] = {
    "Expected BodyLength", "Expected CheckSum", "Invalid message", "Field tag is invalid",
    "Header fields out of order", "Unable to determine SOH for data field",
    "Data length field", "MsgSeqNum too low", "Logon state is not valid for message",
    "Logon message is not valid", "Required field missing from logon",
    "Tried to send a reject while not logged on",
    "Received logon response before sending request"
  };
  for (std::size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); ++i)
    if (text.find(patterns[i]) != std::string::npos) return true;
  return false;
}

// Forwards everything to QuickFIX's FileLog and also reports, on stdout, each message
// put on the wire (OUT) and each QuickFIX event (EVENT); remembers the last raw message
// read per session so that IN lines show the bytes exactly as received.
class TapLog : public FIX::Log
{
public:
  TapLog(FIX::Log* inner, const FIX::SessionID* session)
    : m_inner(inner), m_hasSession(session != 0)
  { if (session) m_session = *session; }

  FIX::Log* inner() const { return m_inner; }

  void clear() { m_inner->clear(); }
  void backup() { m_inner->backup(); }

  void onIncoming(const std::string& raw)
  {
    m_inner->onIncoming(raw);
    if (!m_hasSession) return;
    std::lock_guard<std::mutex> lock(shared.mutex);
    shared.lastIncoming[m_session] = raw;
  }

  void onOutgoing(const std::string& raw)
  {
    m_inner->onOutgoing(raw);
    emit("OUT " + printable(raw));
  }

  void onEvent(const std::string& text)
  {
    m_inner->onEvent(text);
    emit("EVENT " + printable(text));
    if (isValidationEvent(text))
    {
      std::string received = m_hasSession ? lastIncomingFor(m_session) : std::string();
      emit("QFREJECT (event) " + printable(text) + " ;; last received: " + printable(received));
    }
  }

private:
  FIX::Log* m_inner;
  FIX::SessionID m_session;
  bool m_hasSession;
};

class TapLogFactory : public FIX::LogFactory
{
public:
  explicit TapLogFactory(const FIX::SessionSettings& settings) : m_inner(settings) {}

  FIX::Log* create() { return new TapLog(m_inner.create(), 0); }
  FIX::Log* create(const FIX::SessionID& session) { return new TapLog(m_inner.create(session), &session); }
  void destroy(FIX::Log* log)
  {
    TapLog* tap = static_cast<TapLog*>(log);
    m_inner.destroy(tap->inner());
    delete tap;
  }

private:
  FIX::FileLogFactory m_inner;
};

// ---------------------------------------------------------------- application

class ClientApplication : public FIX::Application
{
public:
  void onCreate(const FIX::SessionID&) {}

  void onLogon(const FIX::SessionID& session)
  {
    emit("LOGON" + sessionSuffix(session));
    std::lock_guard<std::mutex> lock(shared.mutex);
    shared.loggedOn[session] = true;
    shared.changed.notify_all();
  }

  void onLogout(const FIX::SessionID& session)
  {
    emit("LOGOUT" + sessionSuffix(session));
    std::lock_guard<std::mutex> lock(shared.mutex);
    shared.loggedOn[session] = false;
    shared.changed.notify_all();
  }

  void toAdmin(FIX::Message& message, const FIX::SessionID& session)
  { reportOwnReject(message, session, FIX::MsgType_Reject); }

  void toApp(FIX::Message& message, const FIX::SessionID& session)
  throw(FIX::DoNotSend)
  { reportOwnReject(message, session, FIX::MsgType_BusinessMessageReject); }

  void fromAdmin(const FIX::Message& message, const FIX::SessionID& session)
  throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::RejectLogon)
  {
    checkPossDup(message);
    record(message, session);
  }

  void fromApp(const FIX::Message& message, const FIX::SessionID& session)
  throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::UnsupportedMessageType)
  {
    checkPossDup(message);
    record(message, session);
  }

private:
  // QuickFIX 1.15.1 checks OrigSendingTime (122) only on a PossDupFlag=Y message whose
  // MsgSeqNum is below the expected one; a replay that arrives in sequence (after its
  // own gap detection, or after `resend` rewound the expected number) is not checked.
  // The same check, applied here, makes QuickFIX reject such a message (throwing from
  // fromApp/fromAdmin: 35=j 380=5 or 35=3 373=1 / 373=5), like it does for late ones.
  // SequenceReset is exempt, as in QuickFIX.
  static void checkPossDup(const FIX::Message& message)
  {
    if (headerValue(message, FIX::FIELD::PossDupFlag) != "Y") return;
    if (headerValue(message, FIX::FIELD::MsgType) == FIX::MsgType_SequenceReset) return;
    const FIX::Header& header = message.getHeader();
    if (!header.isSetField(FIX::FIELD::OrigSendingTime))
    {
      emit("EVENT client check: PossDupFlag=Y without OrigSendingTime(122)");
      throw FIX::FieldNotFound(FIX::FIELD::OrigSendingTime);
    }
    try
    {
      FIX::UtcTimeStamp orig = FIX::UtcTimeStampConvertor::convert(header.getField(FIX::FIELD::OrigSendingTime));
      FIX::UtcTimeStamp sending = FIX::UtcTimeStampConvertor::convert(header.getField(FIX::FIELD::SendingTime));
      if (orig > sending)
      {
        emit("EVENT client check: OrigSendingTime(122) later than SendingTime(52)");
        throw FIX::IncorrectTagValue(FIX::FIELD::OrigSendingTime);
      }
    }
    catch (FIX::FieldConvertError&)
    {
      throw FIX::IncorrectDataFormat(FIX::FIELD::OrigSendingTime);
    }
  }

  // A Reject / BusinessMessageReject that QuickFIX sends on its own is QuickFIX refusing
  // something the counterparty sent. Resent copies (PossDupFlag=Y) were reported the
  // first time; the ones the script sends on purpose are not QuickFIX's.
  static void reportOwnReject(FIX::Message& message, const FIX::SessionID& session, const char* rejectType)
  {
    if (scriptSending) return;
    if (headerValue(message, FIX::FIELD::MsgType) != rejectType) return;
    if (headerValue(message, FIX::FIELD::PossDupFlag) == "Y") return;
    emit("QFREJECT " + printable(message.toString()));
    emit("EVENT rejected message: " + printable(lastIncomingFor(session)));
  }

  static void record(const FIX::Message& message, const FIX::SessionID& session)
  {
    // The raw bytes of this message, if it is the one just read (a message QuickFIX had
    // queued for a sequence gap is handed over later; then it is re-serialised).
    std::string raw = lastIncomingFor(session);
    FieldList fields = splitFix(raw);
    std::string msgType = headerValue(message, FIX::FIELD::MsgType);
    if (raw.empty() || firstValue(fields, FIX::FIELD::MsgType) != msgType
        || firstValue(fields, FIX::FIELD::MsgSeqNum) != headerValue(message, FIX::FIELD::MsgSeqNum))
    {
      raw = message.toString();
      fields = splitFix(raw);
    }
    Received item;
    item.session = session;
    item.msgType = msgType;
    item.fields = fields;
    item.text = printable(raw);
    item.consumed = false;
    emit("IN " + item.text);
    std::lock_guard<std::mutex> lock(shared.mutex);
    shared.received.push_back(item);
    shared.changed.notify_all();
  }
};

// ---------------------------------------------------------------- script

struct Command
{
  int line;
  std::vector<std::string> words;
};

struct ScriptError : std::runtime_error
{
  int line;
  ScriptError(int l, const std::string& what) : std::runtime_error(what), line(l) {}
};

typedef std::vector<std::pair<int, std::string> > Pairs;

// "tag=value" words from index `from` on; values never contain spaces.
Pairs parsePairs(const Command& command, std::size_t from)
{
  Pairs pairs;
  for (std::size_t i = from; i < command.words.size(); ++i)
  {
    const std::string& word = command.words[i];
    std::string::size_type eq = word.find('=');
    int tag = 0;
    if (eq == std::string::npos || !parseTag(word.substr(0, eq), tag))
      throw ScriptError(command.line, "expected tag=value, got '" + word + "'");
    pairs.push_back(std::make_pair(tag, word.substr(eq + 1)));
  }
  return pairs;
}

double parseSeconds(const Command& command, std::size_t index)
{
  if (index >= command.words.size())
    throw ScriptError(command.line, command.words[0] + ": missing seconds");
  const std::string& text = command.words[index];
  char* end = 0;
  errno = 0;
  double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || errno != 0 || !(value >= 0) || value > 86400)
    throw ScriptError(command.line, command.words[0] + ": bad number of seconds '" + text + "'");
  return value;
}

int parseInt(const Command& command, std::size_t index, int minimum)
{
  if (index >= command.words.size())
    throw ScriptError(command.line, command.words[0] + ": missing number");
  const std::string& text = command.words[index];
  char* end = 0;
  errno = 0;
  long value = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || value < minimum || value > 2000000000L)
    throw ScriptError(command.line, command.words[0] + ": bad number '" + text + "'");
  return static_cast<int>(value);
}

void expectWords(const Command& command, std::size_t minimum, std::size_t maximum)
{
  std::size_t n = command.words.size() - 1;
  if (n < minimum || n > maximum)
  {
    std::ostringstream text;
    text << command.words[0] << ": expected ";
    if (minimum == maximum) text << minimum; else text << minimum << ".." << maximum;
    text << " argument(s), got " << n;
    throw ScriptError(command.line, text.str());
  }
}

// Checks every line before anything connects, so that a typo fails fast.
void checkSyntax(const Command& c)
{
  const std::string& name = c.words[0];
  const std::size_t many = 100000;
  if (name == "logon" || name == "logout") { expectWords(c, 1, 1); parseSeconds(c, 1); }
  else if (name == "sleep") { expectWords(c, 1, 1); parseSeconds(c, 1); }
  else if (name == "send") { expectWords(c, 1, many); parsePairs(c, 2); }
  else if (name == "wait") { expectWords(c, 2, many); parseSeconds(c, 1); parsePairs(c, 3); }
  else if (name == "resend") { expectWords(c, 2, 2); parseInt(c, 1, 1); parseInt(c, 2, 0); }
  else if (name == "gap") { expectWords(c, 1, 1); parseInt(c, 1, 1); }
  else if (name == "testrequest") { expectWords(c, 1, 1); }
  else if (name == "clear") { expectWords(c, 0, 0); }
  else if (name == "session") { expectWords(c, 2, 3); }
  else throw ScriptError(c.line, "unknown command '" + name + "'");
}

std::vector<Command> readScript(const std::string& path)
{
  std::ifstream in(path.c_str());
  if (!in) throw std::runtime_error("cannot read script file " + path);
  std::vector<Command> commands;
  std::string text;
  int line = 0;
  while (std::getline(in, text))
  {
    ++line;
    Command command;
    command.line = line;
    std::istringstream words(text);
    std::string word;
    while (words >> word)
    {
      if (word[0] == '#') break;   // a comment starts a word; "11=A#1" is a value
      command.words.push_back(word);
    }
    if (command.words.empty()) continue;
    checkSyntax(command);
    commands.push_back(command);
  }
  return commands;
}

std::string describe(const std::string& msgType, const Pairs& pairs)
{
  std::ostringstream text;
  text << "35=" << msgType;
  for (Pairs::const_iterator i = pairs.begin(); i != pairs.end(); ++i)
    text << ' ' << i->first << '=' << i->second;
  return text.str();
}

bool matches(const Received& item, const FIX::SessionID& session, const std::string& msgType, const Pairs& pairs)
{
  if (item.consumed || !(item.session == session) || item.msgType != msgType) return false;
  for (Pairs::const_iterator want = pairs.begin(); want != pairs.end(); ++want)
  {
    bool found = false;
    for (FieldList::const_iterator have = item.fields.begin(); have != item.fields.end() && !found; ++have)
      found = have->first == want->first && (want->second == "*" || have->second == want->second);
    if (!found) return false;
  }
  return true;
}

std::chrono::steady_clock::time_point deadlineAfter(double seconds)
{
  return std::chrono::steady_clock::now()
       + std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
}

struct CommandFailed : std::runtime_error
{
  explicit CommandFailed(const std::string& what) : std::runtime_error(what) {}
};

class Runner
{
public:
  Runner(const FIX::SessionSettings& settings, FIX::SocketInitiator& initiator)
    : m_initiator(initiator), m_running(false)
  {
    m_sessions = settings.getSessions();
    if (m_sessions.empty()) throw std::runtime_error("the settings file defines no session");
    m_current = *m_sessions.begin();
    multiSession = m_sessions.size() > 1;
  }

  void run(const Command& c)
  {
    const std::string& name = c.words[0];
    if (name == "logon") logon(parseSeconds(c, 1));
    else if (name == "logout") logout(parseSeconds(c, 1));
    else if (name == "sleep") std::this_thread::sleep_for(std::chrono::duration<double>(parseSeconds(c, 1)));
    else if (name == "send") send(c.words[1], parsePairs(c, 2));
    else if (name == "wait") wait(parseSeconds(c, 1), c.words[2], parsePairs(c, 3));
    else if (name == "resend") resend(parseInt(c, 1, 1), parseInt(c, 2, 0));
    else if (name == "gap") gap(parseInt(c, 1, 1));
    else if (name == "testrequest") testRequest(c.words[1]);
    else if (name == "clear") clear();
    else if (name == "session") select(c);
  }

  void stop(bool force)
  {
    if (!m_running) return;
    m_initiator.stop(force);
    m_running = false;
  }

private:
  FIX::Session& session()
  {
    FIX::Session* found = FIX::Session::lookupSession(m_current);
    if (!found) throw CommandFailed("session " + m_current.toString() + " not found");
    return *found;
  }

  void logon(double seconds)
  {
    if (!m_running)
    {
      // Sessions logged out by an earlier `logout` stay disabled until told otherwise.
      for (std::set<FIX::SessionID>::const_iterator i = m_sessions.begin(); i != m_sessions.end(); ++i)
        if (FIX::Session* s = FIX::Session::lookupSession(*i)) s->logon();
      m_initiator.start();
      m_running = true;
    }
    else
      session().logon();
    std::unique_lock<std::mutex> lock(shared.mutex);
    if (!shared.changed.wait_until(lock, deadlineAfter(seconds), [this] { return shared.loggedOn[m_current]; }))
      throw CommandFailed("not logged on within " + format(seconds) + "s");
  }

  void logout(double seconds)
  {
    for (std::set<FIX::SessionID>::const_iterator i = m_sessions.begin(); i != m_sessions.end(); ++i)
      if (FIX::Session* s = FIX::Session::lookupSession(*i)) s->logout();
    {
      std::unique_lock<std::mutex> lock(shared.mutex);
      bool done = shared.changed.wait_until(lock, deadlineAfter(seconds), [] {
        for (std::map<FIX::SessionID, bool>::const_iterator i = shared.loggedOn.begin(); i != shared.loggedOn.end(); ++i)
          if (i->second) return false;
        return true;
      });
      if (!done) throw CommandFailed("still logged on after " + format(seconds) + "s");
    }
    stop(false);
  }

  FIX::Message build(const std::string& msgType, const Pairs& pairs)
  {
    FIX::Session& s = session();
    const std::string& beginString = m_current.getBeginString().getValue();
    const FIX::DataDictionary* sessionDictionary = 0;
    const FIX::DataDictionary* appDictionary = 0;
    try
    {
      const FIX::DataDictionaryProvider& provider = s.getDataDictionaryProvider();
      sessionDictionary = &provider.getSessionDataDictionary(m_current.getBeginString());
      FIX::ApplVerID applVerID = m_current.isFIXT()
        ? FIX::ApplVerID(s.getSenderDefaultApplVerID())
        : FIX::Message::toApplVerID(m_current.getBeginString());
      appDictionary = &provider.getApplicationDataDictionary(applVerID);
    }
    catch (FIX::DataDictionaryNotFound&) {}
    if (sessionDictionary && sessionDictionary->getVersion().empty()) sessionDictionary = 0;
    if (appDictionary && appDictionary->getVersion().empty()) appDictionary = 0;

    // Parsed through the dictionary, so that repeating groups (e.g. 453=1 448=X 447=D
    // 452=3) come out as groups, in the order given. QuickFIX fills in the header.
    std::string raw = "8=" + beginString + SOH + "35=" + msgType + SOH;
    for (Pairs::const_iterator i = pairs.begin(); i != pairs.end(); ++i)
    {
      std::string value = i->second;
      if (value == "now")
      {
        FIX::TYPE::Type type = FIX::TYPE::Unknown;
        const FIX::DataDictionary* dictionary = appDictionary ? appDictionary : sessionDictionary;
        if (!dictionary || (dictionary->getFieldType(i->first, type) && type == FIX::TYPE::UtcTimeStamp))
          value = FIX::UtcTimeStampConvertor::convert(FIX::UtcTimeStamp(), 3);
      }
      raw += FIX::IntConvertor::convert(i->first) + "=" + value + SOH;
    }
    // A trailer field ends the last repeating group: QuickFIX's parser drops a group
    // that runs to the end of the string. CheckSum is recomputed when sending.
    raw += std::string("10=000") + SOH;
    FIX::Message message;
    message.setString(raw, false, sessionDictionary, appDictionary);
    return message;
  }

  void sendMessage(FIX::Message& message, const std::string& what)
  {
    bool sent = false;
    {
      ScriptSendScope scope;
      sent = FIX::Session::sendToTarget(message, m_current);
    }
    if (!sent) throw CommandFailed(what + " not sent (session not logged on?)");
  }

  void send(const std::string& msgType, const Pairs& pairs)
  {
    FIX::Message message = build(msgType, pairs);
    sendMessage(message, describe(msgType, pairs));
  }

  void wait(double seconds, const std::string& msgType, const Pairs& pairs)
  {
    std::unique_lock<std::mutex> lock(shared.mutex);
    long seq = 0;
    bool found = shared.changed.wait_until(lock, deadlineAfter(seconds), [&] {
      for (std::deque<Received>::iterator i = shared.received.begin(); i != shared.received.end(); ++i)
        if (matches(*i, m_current, msgType, pairs))
        {
          i->consumed = true;
          seq = std::atol(firstValue(i->fields, FIX::FIELD::MsgSeqNum).c_str());
          return true;
        }
      return false;
    });
    if (found)
    {
      lock.unlock();
      awaitProcessed(seq);
      return;
    }
    int sameType = 0;
    std::string last;
    for (std::deque<Received>::const_iterator i = shared.received.begin(); i != shared.received.end(); ++i)
      if (!i->consumed && i->session == m_current && i->msgType == msgType) { ++sameType; last = i->text; }
    std::ostringstream text;
    text << "timeout: nothing matching " << describe(msgType, pairs) << " within " << format(seconds)
         << "s (" << sameType << " unconsumed 35=" << msgType << " received"
         << (last.empty() ? std::string() : "; last: " + last) << ")";
    throw CommandFailed(text.str());
  }

  // fromAdmin/fromApp (which record a message) run inside QuickFIX's Session::next,
  // before it increments the expected incoming MsgSeqNum. Returning from `wait` at that
  // point would let the next command race QuickFIX's thread: a `resend` that rewinds
  // the expected number would be undone by the pending increment (the replay is then
  // dropped as duplicates). So wait (briefly, bounded) until QuickFIX expects a number
  // above the one of the message matched.
  void awaitProcessed(long seq)
  {
    FIX::Session* s = FIX::Session::lookupSession(m_current);
    if (!s || seq <= 0) return;
    std::chrono::steady_clock::time_point deadline = deadlineAfter(1);
    while (s->getExpectedTargetNum() <= seq && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  // Rewinds the expected incoming MsgSeqNum to `begin` (when lower) before asking, so
  // that the replay (PossDupFlag=Y copies, SequenceReset-GapFill) is processed and
  // validated by QuickFIX, and reaches the script, instead of being dropped as
  // already seen.
  void resend(int begin, int end)
  {
    FIX::Session& s = session();
    if (begin < s.getExpectedTargetNum()) s.setNextTargetMsgSeqNum(begin);
    FIX::Message message;
    message.getHeader().setField(FIX::MsgType(FIX::MsgType_ResendRequest));
    message.setField(FIX::BeginSeqNo(begin));
    message.setField(FIX::EndSeqNo(end));
    sendMessage(message, "ResendRequest");
  }

  void gap(int count)
  {
    FIX::Session& s = session();
    s.setNextSenderMsgSeqNum(s.getExpectedSenderNum() + count);
  }

  void testRequest(const std::string& id)
  {
    FIX::Message message;
    message.getHeader().setField(FIX::MsgType(FIX::MsgType_TestRequest));
    message.setField(FIX::TestReqID(id));
    sendMessage(message, "TestRequest");
  }

  void clear()
  {
    std::lock_guard<std::mutex> lock(shared.mutex);
    for (std::deque<Received>::iterator i = shared.received.begin(); i != shared.received.end(); ++i)
      if (i->session == m_current) i->consumed = true;
  }

  void select(const Command& c)
  {
    for (std::set<FIX::SessionID>::const_iterator i = m_sessions.begin(); i != m_sessions.end(); ++i)
    {
      if (i->getSenderCompID().getValue() == c.words[1] && i->getTargetCompID().getValue() == c.words[2]
          && (c.words.size() < 4 || i->getSessionQualifier() == c.words[3]))
      {
        m_current = *i;
        return;
      }
    }
    throw CommandFailed("no session " + c.words[1] + "->" + c.words[2] + " in the settings file");
  }

  static std::string format(double seconds)
  {
    std::ostringstream text;
    text << seconds;
    return text.str();
  }

  FIX::SocketInitiator& m_initiator;
  std::set<FIX::SessionID> m_sessions;
  FIX::SessionID m_current;
  bool m_running;
};

}  // namespace

int main(int argc, char** argv)
{
  if (argc != 3)
  {
    std::fprintf(stderr, "usage: %s SETTINGS_FILE SCRIPT_FILE\n", argv[0]);
    return 1;
  }
  std::signal(SIGPIPE, SIG_IGN);

  std::vector<Command> commands;
  try
  {
    commands = readScript(argv[2]);
  }
  catch (ScriptError& e)
  {
    std::ostringstream text;
    text << "FAIL " << e.line << " " << e.what();
    emit(text.str(), true);
    return 2;
  }
  catch (std::exception& e)
  {
    std::fprintf(stderr, "client: %s\n", e.what());
    return 1;
  }

  ClientApplication application;   // declared first: outlives the initiator
  std::unique_ptr<FIX::SessionSettings> settings;
  std::unique_ptr<FIX::FileStoreFactory> storeFactory;
  std::unique_ptr<TapLogFactory> logFactory;
  std::unique_ptr<FIX::SocketInitiator> initiator;
  std::unique_ptr<Runner> runner;
  try
  {
    settings.reset(new FIX::SessionSettings(argv[1]));
    storeFactory.reset(new FIX::FileStoreFactory(*settings));
    logFactory.reset(new TapLogFactory(*settings));
    initiator.reset(new FIX::SocketInitiator(application, *storeFactory, *settings, *logFactory));
    runner.reset(new Runner(*settings, *initiator));
  }
  catch (std::exception& e)
  {
    std::fprintf(stderr, "client: %s: %s\n", argv[1], e.what());
    emit(std::string("ERROR ") + e.what());
    return 1;
  }

  for (std::vector<Command>::const_iterator c = commands.begin(); c != commands.end(); ++c)
  {
    try
    {
      runner->run(*c);
    }
    catch (std::exception& e)
    {
      runner->stop(true);
      std::ostringstream text;
      text << "FAIL " << c->line << " " << e.what();
      emit(text.str(), true);
      return 2;
    }
    std::ostringstream text;
    text << "OK " << c->line;
    emit(text.str());
  }
  runner->stop(false);
  emit("DONE", true);
  return 0;
}
