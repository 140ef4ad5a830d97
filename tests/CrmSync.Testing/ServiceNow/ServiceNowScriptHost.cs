using Jint;
using Jint.Runtime.Interop;

namespace CrmSync.Testing.ServiceNow;

/// <summary>What one run of a business rule left behind: the REST messages it built and the system log.</summary>
public sealed record BusinessRuleRun(IReadOnlyList<RecordedRestMessage> Messages, IReadOnlyList<string> Errors, IReadOnlyList<string> Infos);

/// <summary>
/// Runs a business rule script in Jint the way ServiceNow runs it: <c>current</c>, <c>gs</c>, <c>sn_ws.RESTMessageV2</c>
/// and CertificateEncryption (scoped) or GlideCertificateEncryption (global) as globals, each a faithful fake.
/// </summary>
public sealed class ServiceNowScriptHost
{
    public Dictionary<string, string> Properties { get; } = new();

    /// <summary>What gs.nowNoTZ() answers.</summary>
    public DateTime UtcNow { get; set; } = DateTime.UtcNow;

    /// <summary>The global scope names the MAC class GlideCertificateEncryption; a scoped app CertificateEncryption.</summary>
    public bool GlobalScope { get; set; }

    /// <summary>Thrown by every executeAsync()/execute(), to play a ServiceNow that cannot send.</summary>
    public Exception? SendFailure { get; set; }

    /// <summary>Configures the two system properties CrmSync's rule reads.</summary>
    public ServiceNowScriptHost ForCrmSync(string endpoint, string secret)
    {
        Properties[CrmSyncBusinessRule.EndpointProperty] = endpoint;
        Properties[CrmSyncBusinessRule.SecretProperty] = secret;
        return this;
    }

    /// <summary>Runs <paramref name="script"/> (CrmSync's rule when null); a script that throws fails the caller, as it would fail the transaction.</summary>
    public BusinessRuleRun Run(GlideRecordFake current, string? script = null)
    {
        var messages = new List<RecordedRestMessage>();
        var gs = new GlideSystemFake(Properties, UtcNow);
        var engine = new Engine(options =>
        {
            options.SetTypeResolver(new TypeResolver { MemberNameComparer = StringComparer.OrdinalIgnoreCase });
            // A CLR exception reaches the script as a JavaScript error, as a Java exception does in Rhino.
            options.CatchClrExceptions();
            options.TimeoutInterval(TimeSpan.FromSeconds(10));
        });
        engine.SetValue("current", current);
        engine.SetValue("gs", gs);
        engine.SetValue("__newRestMessage", new Func<RecordedRestMessage>(() =>
        {
            var message = new RecordedRestMessage { FailOnSend = SendFailure };
            messages.Add(message);
            return message;
        }));
        engine.SetValue("__certificateEncryption", new CertificateEncryptionFake());
        engine.Execute("var sn_ws = { RESTMessageV2: function () { return __newRestMessage(); } };");
        engine.Execute(GlobalScope
            ? "function GlideCertificateEncryption() { return __certificateEncryption; }"
            : "function CertificateEncryption() { return __certificateEncryption; }");
        engine.Execute(script ?? CrmSyncBusinessRule.Script);
        return new BusinessRuleRun(messages, gs.ErrorLog, gs.InfoLog);
    }
}
