#!/usr/bin/env python3
"""Summarise PlateauStudy's CSV by block of the paper's grid for one rule.

Usage: bench/plateau_blocks.py bench/results/plateau-study.csv "window 500, tolerance 0.00100000"
"""
import csv, collections, sys
rows=list(csv.DictReader(open(sys.argv[1])))
rule=sys.argv[2]
def rel(a,b): a=float(a); b=float(b); return abs(a-b)/max(abs(b),1e-300)
key=lambda r:(int(r['d']),int(r['layers']),int(r['units']),float(r['p']),int(r['seed_index']))
by=collections.defaultdict(dict)
for r in rows: by[key(r)][r['rule']]=r
def dev(r): return max(rel(r['radius_min_stop'],r['radius_min_full']),rel(r['radius_max_stop'],r['radius_max_full']),rel(r['volume_stop'],r['volume_full']))
def block(k):
    d,L,n,p,s=k
    if p==1 and d==2: return "(2,1,n,1) polygons"
    if p==1 and d==3 and L==1: return "(3,1,{3,4,6},1) polyhedra"
    if p==1 and d==3 and L==2: return "(3,2,{3,4,6},1) deeper"
    if d==5: return "(5,{1,2},6,1)"
    if d==2: return "(2,1,2,p), p != 1"
    if p==16: return "(3,1,n,16)"
    return "(3,1,n,p), p in {0.5,4/3,1.5,2,3,4}"
agg=collections.OrderedDict()
faces=collections.OrderedDict()
for k in sorted(by):
    b=block(k); a=agg.setdefault(b,[0,0,0,0.0,0.0,0,0])
    d=by[k]; r=d[rule]; wob=max(dev(d['epoch 9000']),dev(d['epoch 9500']))
    a[0]+=1; a[1]+=int(r['stop_epoch']); a[2]+=int(r['epochs']); a[3]=max(a[3],dev(r)); a[4]=max(a[4],wob)
    a[5]+= dev(r)<=max(wob,5e-3); a[6]+= r['stop_epoch']!=r['epochs']
    if r.get('faces_full'):
        fa=faces.setdefault(b,[0,0,0,0])
        fa[0]+=1; fa[1]+= r['faces_stop']==r['faces_full']
        fa[2]+= d['epoch 9000']['faces_stop']==r['faces_full']; fa[3]+= d['epoch 9500']['faces_stop']==r['faces_full']
print(f"Rule: {rule}\n")
print("| block | runs | stopped early | epochs run / full | saving | max rel. change of radius_min, radius_max, volume at the stop | same, full schedule's own change over its last 1000 / 500 epochs | runs within that wobble (or 0.5%) |")
print("|---|---|---|---|---|---|---|---|")
T=[0,0,0,0,0]
for b,a in agg.items():
    print(f"| {b} | {a[0]} | {a[6]} | {a[1]} / {a[2]} | {a[2]/a[1]:.1f}x | {a[3]:.2%} | {a[4]:.2%} | {a[5]} of {a[0]} |")
    T[0]+=a[0];T[1]+=a[1];T[2]+=a[2];T[3]+=a[5];T[4]+=a[6]
print(f"| all | {T[0]} | {T[4]} | {T[1]} / {T[2]} | {T[2]/T[1]:.1f}x | | | {T[3]} of {T[0]} |")
p1=[k for k in by if k[3]==1 and k[0] in (2,3)]
e=sum(int(by[k][rule]['stop_epoch']) for k in p1); f=sum(int(by[k][rule]['epochs']) for k in p1)
print(f"\nBrief's subset (2,1,n,1), (3,1,{{3,4,6}},1), (3,2,{{3,4,6}},1): {len(p1)} runs, saving {f/e:.1f}x")

if faces:
    print("\nExact faces (p = 1): f-vector and convexity of the body where the rule stops, and at epochs 9000 and 9500, against epoch 10 000:\n")
    print("| block | runs | same at the stop | same at epoch 9000 | same at epoch 9500 |")
    print("|---|---|---|---|---|")
    for b,fa in faces.items():
        print(f"| {b} | {fa[0]} | {fa[1]} | {fa[2]} | {fa[3]} |")
