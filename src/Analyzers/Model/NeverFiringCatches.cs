using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>
/// The catch clauses SOCK004 reports: <c>catch (SocketException)</c> whose try block reaches connections only
/// through streams, readers and writers (which throw IOException with the SocketException inside), and no clause of
/// the same try takes IOException or a base of it. Such a clause never runs, so other rules do not judge what it
/// handles (one finding per mistake).
/// </summary>
public static class NeverFiringCatches
{
    public static bool NeverFires(ICatchClauseOperation clause, ConnectionSemantics semantics) =>
        semantics.Model.IsSocketException(clause.ExceptionType) &&
        clause.Parent is ITryOperation tryOperation &&
        ExceptionSources.For(semantics).SocketExceptionClausesNeverRun(tryOperation, out _);
}
