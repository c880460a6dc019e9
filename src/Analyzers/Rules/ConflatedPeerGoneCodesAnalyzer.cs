using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Rules;

/// <summary>
/// SOCK002: a handler that takes exactly one of <c>SocketError.ConnectionReset</c> (with or without
/// <c>ConnectionAborted</c>) and <c>SocketError.Shutdown</c> to mean "the peer is gone", on a write path. A dead peer
/// fails a write with either, depending on whether its RST arrived first, so the handler lets the other escape.
/// A handler is judged as a whole: the catch clauses of one try statement (filters and bodies, and the helpers they
/// pass the exception to), the checks of one SocketAsyncEventArgs in one send-completion handler, or one
/// classification helper; each check in it that names the one code is reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConflatedPeerGoneCodesAnalyzer : DiagnosticAnalyzer
{
    private const string ConnectionReset = nameof(SocketErrorMeaning.ConnectionReset);
    private const string Shutdown = nameof(SocketErrorMeaning.Shutdown);

    public static readonly DiagnosticDescriptor Rule =
        Descriptors.Create(RuleIds.ConflatedPeerGoneCodes, DiagnosticSeverity.Warning);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <summary>
    /// The contract with the code fix. Properties: <see cref="Named"/> and <see cref="Twin"/> (SocketError member
    /// names), <see cref="Form"/> (a <see cref="SocketErrorCheckForm"/>), <see cref="Negated"/>, <see cref="Context"/>
    /// and <see cref="Group"/> (diagnostics of one group are one handler: fixing one fixes them all). Additional
    /// location [0]: the constant that names <see cref="Named"/>.
    /// </summary>
    public static class FixData
    {
        public const string Named = "Named";
        public const string Twin = "Twin";
        public const string Form = "Form";
        public const string Negated = "Negated";
        public const string Context = "Context";
        public const string Group = "Group";

        /// <summary>The twin's value, for a check that compares a code as a number (<c>(int)e.SocketErrorCode == 10054</c>).</summary>
        public const string TwinValue = "TwinValue";

        /// <summary>A check in a catch filter or catch body, on the caught exception.</summary>
        public const string ContextCatch = "Catch";

        /// <summary>A check of <c>SocketAsyncEventArgs.SocketError</c> on a send path.</summary>
        public const string ContextAsyncEventArgs = "AsyncEventArgs";

        /// <summary>A check in a classification helper, on its parameter.</summary>
        public const string ContextHelper = "Helper";
    }

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var semantics = ConnectionSemantics.For(start.Compilation, start.Options);
            if (semantics?.Model is not { SocketError: not null })
            {
                return;
            }

            // Options are the analyzed file's own: one judge per distinct file semantics.
            var judges = new System.Collections.Concurrent.ConcurrentDictionary<ConnectionSemantics, Judge>();
            start.RegisterOperationBlockAction(block =>
            {
                if (!block.OperationBlocks.IsEmpty)
                {
                    judges.GetOrAdd(semantics.ForTree(block.OperationBlocks[0].Syntax.SyntaxTree), fileSemantics => new Judge(fileSemantics)).AnalyzeBlock(block);
                }
            });
        });
    }

    /// <summary>The one code a handler names and its missing twin, or null when it names both or neither.</summary>
    private static (string One, string Twin)? Conflation(ImmutableHashSet<string> names)
    {
        var reset = names.Contains(ConnectionReset);
        var shutdown = names.Contains(Shutdown);
        if (reset && !shutdown)
        {
            return (ConnectionReset, Shutdown);
        }

        if (shutdown && !reset)
        {
            return (Shutdown, ConnectionReset);
        }

        return null;
    }

    /// <summary>Judges handlers; one per compilation, thread-safe (caches what helpers' callers do).</summary>
    private sealed class Judge
    {
        private readonly ConnectionSemantics _semantics;
        private readonly ConnectionModel _model;
        private readonly ClassificationHelpers _helpers;
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _helperOnWritePath = new(SymbolEqualityComparer.Default);

        public Judge(ConnectionSemantics semantics)
        {
            _semantics = semantics;
            _model = semantics.Model;
            _helpers = ClassificationHelpers.For(semantics);
        }

        public void AnalyzeBlock(OperationBlockAnalysisContext context)
        {
            var reported = new HashSet<SyntaxNode>();
            foreach (var block in context.OperationBlocks)
            {
                // The early bail-out: a body that names no SocketError member has nothing to judge.
                var root = BodyFacts.RootOf(block);
                if (!BodyFacts.Of(root, _semantics).NamesSocketError)
                {
                    continue;
                }

                var reader = SocketErrorChecks.ForBodyOf(root, _model);
                AnalyzeCatches(context, root, reader, reported);
                AnalyzeAsyncEventArgs(context, root, reader, reported);
                if (context.OwningSymbol is IMethodSymbol method && root is IMethodBodyOperation && _helpers.IsHelper(method))
                {
                    AnalyzeHelper(context, method, root, reader, reported);
                }
            }
        }

        private void AnalyzeCatches(OperationBlockAnalysisContext context, IOperation root, SocketErrorChecks reader, HashSet<SyntaxNode> reported)
        {
            foreach (var operation in root.Descendants())
            {
                if (operation is not ITryOperation { Catches.IsEmpty: false } tryOperation)
                {
                    continue;
                }

                var checks = new List<SocketErrorCheck>();
                if (Conflation(HandlerNames(tryOperation, reader, checks)) is not { } conflation ||
                    !WritePaths.WritesToConnection(tryOperation.Body, _semantics))
                {
                    continue;
                }

                var group = "try@" + tryOperation.Syntax.SpanStart.ToString(CultureInfo.InvariantCulture);
                foreach (var check in checks)
                {
                    Report(context, check, conflation, group, FixData.ContextCatch, reported);
                }
            }
        }

        /// <summary>
        /// The codes the catch clauses of a try name about the exception they caught: in filters and bodies, and in
        /// the helpers they pass it to. Clauses that never fire (SOCK004's) do not count. The checks are added to
        /// <paramref name="checks"/>.
        /// </summary>
        private ImmutableHashSet<string> HandlerNames(ITryOperation tryOperation, SocketErrorChecks reader, List<SocketErrorCheck>? checks)
        {
            var names = ImmutableHashSet.CreateBuilder<string>();
            foreach (var clause in tryOperation.Catches)
            {
                if (clause.Locals.IsEmpty || !_model.CanCarrySocketError(clause.ExceptionType))
                {
                    continue;
                }

                var caught = clause.Locals[0];
                var clauseNames = ImmutableHashSet.CreateBuilder<string>();
                var clauseChecks = new List<SocketErrorCheck>();
                foreach (var region in new[] { clause.Filter, clause.Handler })
                {
                    if (region is null)
                    {
                        continue;
                    }

                    foreach (var operation in ConnectionSemantics.DescendantsOutsideFunctions(region))
                    {
                        foreach (var check in reader.Read(operation))
                        {
                            if (check.IsCodeTest && SymbolEqualityComparer.Default.Equals(check.Root, caught))
                            {
                                clauseChecks.Add(check);
                                AddNames(clauseNames, check);
                            }
                        }

                        if (operation is IInvocationOperation invocation && _helpers.IsHelper(invocation.TargetMethod) &&
                            _helpers.PassesRoot(invocation, caught, reader))
                        {
                            clauseNames.UnionWith(_helpers.NamesChecked(invocation.TargetMethod));
                        }
                    }
                }

                if (clauseNames.Count == 0 || SocketExceptionCatchAroundStreamAnalyzer.Reports(clause, _semantics))
                {
                    continue;
                }

                names.UnionWith(clauseNames);
                checks?.AddRange(clauseChecks);
            }

            return names.ToImmutable();
        }

        private void AnalyzeAsyncEventArgs(OperationBlockAnalysisContext context, IOperation root, SocketErrorChecks reader, HashSet<SyntaxNode> reported)
        {
            var groups = new Dictionary<(IOperation Function, ISymbol Args), List<SocketErrorCheck>>();
            foreach (var check in reader.ChecksIn(root, intoFunctions: true))
            {
                if (!check.IsCodeTest || check.SubjectKind != SocketErrorSubjectKind.AsyncEventArgs || check.Root is not { } args)
                {
                    continue;
                }

                var key = (WritePaths.EnclosingFunction(check.Operation), args);
                if (!groups.TryGetValue(key, out var list))
                {
                    list = new List<SocketErrorCheck>();
                    groups.Add(key, list);
                }

                list.Add(check);
            }

            foreach (var pair in groups)
            {
                var onSendPath = new List<SocketErrorCheck>();
                foreach (var check in pair.Value)
                {
                    if (WritePaths.IsOnAsyncSendPath(check.Operation, pair.Key.Args, reader, _model))
                    {
                        onSendPath.Add(check);
                    }
                }

                if (onSendPath.Count == 0)
                {
                    continue;
                }

                var names = AsyncHandlerNames(pair.Key.Function, pair.Key.Args, onSendPath, reader);
                if (Conflation(names) is not { } conflation)
                {
                    continue;
                }

                var group = "args@" + pair.Key.Function.Syntax.SpanStart.ToString(CultureInfo.InvariantCulture) + ":" + pair.Key.Args.Name;
                foreach (var check in onSendPath)
                {
                    Report(context, check, conflation, group, FixData.ContextAsyncEventArgs, reported);
                }
            }
        }

        /// <summary>The codes named about one SocketAsyncEventArgs on the send path of one function, helpers included.</summary>
        private ImmutableHashSet<string> AsyncHandlerNames(IOperation function, ISymbol args, List<SocketErrorCheck> onSendPath, SocketErrorChecks reader)
        {
            var names = ImmutableHashSet.CreateBuilder<string>();
            foreach (var check in onSendPath)
            {
                AddNames(names, check);
            }

            foreach (var operation in ConnectionSemantics.DescendantsOutsideFunctions(function))
            {
                if (operation is IInvocationOperation invocation && _helpers.IsHelper(invocation.TargetMethod) &&
                    _helpers.PassesRoot(invocation, args, reader) && WritePaths.IsOnAsyncSendPath(invocation, args, reader, _model))
                {
                    names.UnionWith(_helpers.NamesChecked(invocation.TargetMethod));
                }
            }

            return names.ToImmutable();
        }

        private void AnalyzeHelper(OperationBlockAnalysisContext context, IMethodSymbol method, IOperation root, SocketErrorChecks reader, HashSet<SyntaxNode> reported)
        {
            if (Conflation(_helpers.NamesChecked(method)) is not { } conflation)
            {
                return;
            }

            // A helper that names a reset but not the broken pipe is wrong wherever it is used (its own set says
            // "peer gone" = reset); one that names only Shutdown is judged by its callers.
            if (conflation.One != ConnectionReset && !IsUsedOnWritePath(method.OriginalDefinition, ImmutableHashSet<IMethodSymbol>.Empty.WithComparer(SymbolEqualityComparer.Default), context.CancellationToken))
            {
                return;
            }

            var group = "helper@" + root.Syntax.SpanStart.ToString(CultureInfo.InvariantCulture);
            foreach (var check in reader.ChecksIn(root, intoFunctions: false))
            {
                if (check.IsCodeTest && check.Root is IParameterSymbol parameter && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method))
                {
                    Report(context, check, conflation, group, FixData.ContextHelper, reported);
                }
            }
        }

        /// <summary>
        /// Whether some call of the helper decides, around a write, that the peer is gone without naming the twin:
        /// in a catch of a try that writes, in a send-completion handler, or in another helper that is itself so used.
        /// </summary>
        private bool IsUsedOnWritePath(IMethodSymbol helper, ImmutableHashSet<IMethodSymbol> visiting, CancellationToken cancellationToken)
        {
            if (_helperOnWritePath.TryGetValue(helper, out var known))
            {
                return known;
            }

            if (visiting.Count >= ClassificationHelpers.MaxDepth || visiting.Contains(helper))
            {
                return false;
            }

            var result = false;
            foreach (var invocation in _helpers.CallSites(helper, cancellationToken))
            {
                if (IsCallOnWritePath(invocation, visiting.Add(helper), cancellationToken))
                {
                    result = true;
                    break;
                }
            }

            if (visiting.IsEmpty)
            {
                _helperOnWritePath.TryAdd(helper, result);
            }

            return result;
        }

        private bool IsCallOnWritePath(IInvocationOperation invocation, ImmutableHashSet<IMethodSymbol> visiting, CancellationToken cancellationToken)
        {
            var reader = SocketErrorChecks.ForBodyOf(invocation, _model);
            for (var parent = invocation.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    break;
                }

                if (parent is ICatchClauseOperation { Parent: ITryOperation tryOperation, Locals: { IsEmpty: false } locals } &&
                    _helpers.PassesRoot(invocation, locals[0], reader))
                {
                    return Conflation(HandlerNames(tryOperation, reader, checks: null)) is not null &&
                           WritePaths.WritesToConnection(tryOperation.Body, _semantics);
                }
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter && _helpers.IsClassifiedParameter(parameter) &&
                    reader.TryReadCode(argument.Value, out var kind, out _) && kind == SocketErrorSubjectKind.AsyncEventArgs &&
                    reader.RootOf(argument.Value) is { } args &&
                    WritePaths.IsOnAsyncSendPath(invocation, args, reader, _model))
                {
                    var function = WritePaths.EnclosingFunction(invocation);
                    var onSendPath = new List<SocketErrorCheck>();
                    foreach (var check in reader.ChecksIn(function, intoFunctions: false))
                    {
                        if (check.IsCodeTest && check.SubjectKind == SocketErrorSubjectKind.AsyncEventArgs && SymbolEqualityComparer.Default.Equals(check.Root, args) &&
                            WritePaths.IsOnAsyncSendPath(check.Operation, args, reader, _model))
                        {
                            onSendPath.Add(check);
                        }
                    }

                    return Conflation(AsyncHandlerNames(function, args, onSendPath, reader)) is not null;
                }
            }

            // Called from another helper with its own parameter: judged by that helper's callers.
            if (invocation.SemanticModel?.GetEnclosingSymbol(invocation.Syntax.SpanStart, cancellationToken) is IMethodSymbol caller &&
                _helpers.IsHelper(caller))
            {
                foreach (var parameter in caller.Parameters)
                {
                    if (_helpers.PassesRoot(invocation, parameter, reader))
                    {
                        return Conflation(_helpers.NamesChecked(caller)) is not null &&
                               IsUsedOnWritePath(caller.OriginalDefinition, visiting, cancellationToken);
                    }
                }
            }

            return false;
        }

        private static void AddNames(ImmutableHashSet<string>.Builder names, SocketErrorCheck check)
        {
            foreach (var named in check.Names)
            {
                names.Add(named.Name);
            }
        }

        private void Report(
            OperationBlockAnalysisContext context,
            SocketErrorCheck check,
            (string One, string Twin) conflation,
            string group,
            string checkContext,
            HashSet<SyntaxNode> reported)
        {
            NamedSocketError? one = null;
            foreach (var named in check.Names)
            {
                if (named.Name == conflation.One)
                {
                    one = named;
                    break;
                }
            }

            if (one is not { } constant || !reported.Add(check.Syntax))
            {
                return;
            }

            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties.Add(FixData.Named, conflation.One);
            properties.Add(FixData.Twin, conflation.Twin);
            properties.Add(FixData.Form, check.Form.ToString());
            properties.Add(FixData.Negated, check.Negated ? "true" : "false");
            properties.Add(FixData.Context, checkContext);
            properties.Add(FixData.Group, group);
            if (!_model.IsSocketErrorType(constant.Constant.Type) && _model.GetSocketErrorValue(conflation.Twin) is { } twinValue)
            {
                properties.Add(FixData.TwinValue, twinValue.ToString(CultureInfo.InvariantCulture));
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                check.Syntax.GetLocation(),
                new[] { constant.Constant.Syntax.GetLocation() },
                properties.ToImmutable(),
                conflation.One,
                conflation.Twin));
        }
    }
}
