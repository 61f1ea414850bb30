#!/usr/bin/env bash
# The cctv plugin's part of `make demo`: the coverage of every site with
# cameras, plans of four sites drawn as SVG, and where two more cameras
# would do most at a site with gaps.  Called by tests/demo.sh as:
# demo.sh SHOMER DB OUTDIR
set -euo pipefail
S=$1
DB=$2
OUT=$3
# well covered; front only, its rear lane unwatched; its car park camera
# faulty; a cemetery whose forced rear gate has only a planned camera
plans=(LDN-SYN-0001 LDN-SYN-0005 MAN-SYN-0007 MAN-CEM-0001)
gaps=LDN-SYN-0005

echo
echo "== CCTV coverage =="
"$S" --db "$DB" cctv coverage
# the plugin names each plan SITE.svg; cctv-SITE.svg says whose it is
"$S" --db "$DB" cctv coverage "${plans[@]}" --svg "$OUT" >/dev/null
for s in "${plans[@]}"; do
	mv -f "$OUT/$s.svg" "$OUT/cctv-$s.svg"
done
echo
echo "== Two more cameras for $gaps =="
"$S" --db "$DB" cctv plan "$gaps" --add 2 --cost-per-camera 1450.00
