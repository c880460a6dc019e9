using System.Linq;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Flow;
using SocketAnalyzers.Tests.Model;
using Xunit;

namespace SocketAnalyzers.Tests.Flow;

/// <summary>Catch filters judged on the checks <see cref="SocketAnalyzers.Model.SocketErrorChecks"/> reads in them.</summary>
public sealed class ExceptionFiltersTests
{
    [Theory]
    [InlineData("SocketException", "e.SocketErrorCode == SocketError.TimedOut", true)]
    [InlineData("SocketException", "e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock", true)]
    [InlineData("SocketException", "e.SocketErrorCode is SocketError.TimedOut or SocketError.ConnectionReset", false)]
    [InlineData("SocketException", "e.SocketErrorCode != SocketError.ConnectionReset", false)]
    [InlineData("SocketException", "e.SocketErrorCode is not SocketError.ConnectionReset", false)]
    [InlineData("Exception", "e is SocketException { SocketErrorCode: SocketError.TimedOut }", true)]
    [InlineData("SocketException", "e.InnerException is SocketException se && se.SocketErrorCode == SocketError.TimedOut", true)]
    [InlineData("Exception", "e is IOException { InnerException: SocketException { SocketErrorCode: SocketError.TimedOut } }", true)]
    [InlineData("Exception", "(SocketError)((SocketException)e).ErrorCode == SocketError.TimedOut", true)]
    [InlineData("Exception", "e.Message.Contains(\"timed out\")", false)]
    [InlineData("Exception", "IsTransient(e)", true)]
    [InlineData("Exception", "IsTransient(e) || e.HResult == 10060", false)]
    public void A_filter_admits_only_transient_errors_when_every_code_it_lets_through_is_transient(string caught, string filter, bool expected)
    {
        var (body, semantics) = MethodBodies.FirstMethodBody(
            "void M(Socket s) { try { s.Send(new byte[1]); } catch (" + caught + " e) when (" + filter + ") { } }" +
            " static bool IsTransient(Exception e) => e is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock };");
        var catchClause = body.Descendants().OfType<ICatchClauseOperation>().Single();

        Assert.Equal(expected, ExceptionFilters.AdmitsOnlyTransientErrors(catchClause.Filter!, semantics));
    }
}
