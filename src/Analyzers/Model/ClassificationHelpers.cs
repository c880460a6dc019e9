using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>
/// The project's classification helpers: methods that return <c>bool</c>, take an exception or a
/// <c>SocketError</c>, and test which SocketError it is (<c>static bool IsIgnorable(SocketException e)</c>,
/// <c>bool IsResumeAllowed(Exception e)</c>). Rules judge a helper where it is written (the codes it names) and
/// where it is called (what the caller does around the call). One instance per compilation; thread-safe.
/// </summary>
public sealed class ClassificationHelpers
{
    /// <summary>How many helper calls deep the codes a helper names are collected (a helper calling a helper ...).</summary>
    public const int MaxDepth = 3;

    private readonly ConnectionSemantics _semantics;
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableHashSet<string>> _names = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<IInvocationOperation>> _callSites = new(SymbolEqualityComparer.Default);

    private ClassificationHelpers(ConnectionSemantics semantics) => _semantics = semantics;

    public static ClassificationHelpers For(ConnectionSemantics semantics) =>
        semantics.Service(() => new ClassificationHelpers(semantics));

    /// <summary>A method of the project returning bool with a parameter that is an exception able to carry a socket error, or a SocketError.</summary>
    public bool IsHelper(IMethodSymbol method)
    {
        if (method.MethodKind != MethodKind.Ordinary || method.ReturnType.SpecialType != SpecialType.System_Boolean ||
            _semantics.GetBody(method) is null)
        {
            return false;
        }

        foreach (var parameter in method.Parameters)
        {
            if (IsClassifiedParameter(parameter))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A parameter a helper classifies: an exception that can carry a socket error, or a SocketError.</summary>
    public bool IsClassifiedParameter(IParameterSymbol parameter) =>
        _semantics.Model.IsSocketErrorType(parameter.Type) || _semantics.Model.CanCarrySocketError(parameter.Type);

    /// <summary>
    /// The SocketError members a helper names about its classified parameters: in its own checks, and in the helpers
    /// it passes them on to (to <see cref="MaxDepth"/> calls). Empty for a method that is not a helper.
    /// </summary>
    public ImmutableHashSet<string> NamesChecked(IMethodSymbol helper) =>
        NamesChecked(helper.OriginalDefinition, ImmutableHashSet<IMethodSymbol>.Empty.WithComparer(SymbolEqualityComparer.Default), MaxDepth);

    /// <summary>Whether <paramref name="invocation"/> passes a value coming from <paramref name="root"/> to a classified parameter.</summary>
    public bool PassesRoot(IInvocationOperation invocation, ISymbol root, SocketErrorChecks reader)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter && IsClassifiedParameter(parameter) &&
                SymbolEqualityComparer.Default.Equals(reader.RootOf(argument.Value), root))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Every call of <paramref name="helper"/> in the code that can call it, found by name in each file's index and
    /// confirmed by binding (<see cref="ValueOrigins.CallSites"/>).
    /// </summary>
    public ImmutableArray<IInvocationOperation> CallSites(IMethodSymbol helper, CancellationToken cancellationToken) =>
        _callSites.GetOrAdd(helper.OriginalDefinition, method => ValueOrigins.CallSites(method, _semantics, cancellationToken));

    private ImmutableHashSet<string> NamesChecked(IMethodSymbol helper, ImmutableHashSet<IMethodSymbol> visiting, int depth) =>
        NamesChecked(helper, visiting, depth, out _);

    /// <summary>The names, and whether they are complete (no call was cut off by the depth bound or a cycle), so they may be cached.</summary>
    private ImmutableHashSet<string> NamesChecked(IMethodSymbol helper, ImmutableHashSet<IMethodSymbol> visiting, int depth, out bool complete)
    {
        complete = true;
        if (_names.TryGetValue(helper, out var cached))
        {
            return cached;
        }

        if (depth <= 0 || visiting.Contains(helper))
        {
            complete = false;
            return ImmutableHashSet<string>.Empty;
        }

        if (!IsHelper(helper) || _semantics.GetBody(helper) is not { } body)
        {
            return ImmutableHashSet<string>.Empty;
        }

        var names = ImmutableHashSet.CreateBuilder<string>();
        var reader = SocketErrorChecks.ForBodyOf(body, _semantics.Model);
        foreach (var operation in ConnectionSemantics.DescendantsOutsideFunctions(body))
        {
            foreach (var check in reader.Read(operation))
            {
                if (check.IsCodeTest && check.Root is IParameterSymbol parameter && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, helper))
                {
                    foreach (var named in check.Names)
                    {
                        names.Add(named.Name);
                    }
                }
            }

            if (operation is IInvocationOperation invocation && IsHelper(invocation.TargetMethod) && PassesOwnParameter(invocation, helper, reader))
            {
                names.UnionWith(NamesChecked(invocation.TargetMethod.OriginalDefinition, visiting.Add(helper), depth - 1, out var calleeComplete));
                complete &= calleeComplete;
            }
        }

        var result = names.ToImmutable();
        if (complete)
        {
            _names.TryAdd(helper, result);
        }

        return result;
    }

    private bool PassesOwnParameter(IInvocationOperation invocation, IMethodSymbol helper, SocketErrorChecks reader)
    {
        foreach (var parameter in helper.Parameters)
        {
            if (PassesRoot(invocation, parameter, reader))
            {
                return true;
            }
        }

        return false;
    }
}
