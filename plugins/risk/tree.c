/*
 * tree.c - see tree.h.
 */
#include "tree.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "grid.h"

#include "banned.h"

/* Morton bits a side: a 1.5 km cell is resolved to 2.3 cm. */
#define TREE_DEPTH RISK_TREE_DEPTH
/* A node of at most this many points is a leaf, summed point by point. */
#define TREE_LEAF 16
/* Moments for nodes of at least this many points: below it, p^2
 * multiply-adds cost more than the points' exponentials. */
#define TREE_MIN_MOM 32
/* At most this many terms a side. */
#define TREE_PMAX RISK_TREE_PMAX
/* Cramer's constant: |H_n(x)| e^(-x^2/2) <= K 2^(n/2) sqrt(n!). */
#define TREE_KAPPA 1.086435
/*
 * A node gets the fewest terms p whose tail bound, times this factor, is
 * below RISK_TREE_EPS.  The factor is about the worst ratio, inside the
 * cut-off, of the bound's e^(-t^2/2) to the least the block contributes;
 * it only sizes the moments: whether a block may be expanded is decided
 * for each site from the exact bound, so a low guess costs time, never
 * accuracy.
 */
#define TREE_TAIL_FACTOR 150.0

struct tkey {
	int64_t cell;
	uint32_t code;
	uint32_t idx;
};

static int tkey_cmp(const void *a, const void *b)
{
	const struct tkey *p = a, *q = b;
	if (p->cell != q->cell)
		return p->cell < q->cell ? -1 : 1;
	if (p->code != q->code)
		return p->code < q->code ? -1 : 1;
	return p->idx < q->idx ? -1 : p->idx > q->idx;
}

/* Spreads the low 16 bits of v to the even bits. */
static uint32_t spread(uint32_t v)
{
	v &= 0xffff;
	v = (v | (v << 8)) & 0x00ff00ff;
	v = (v | (v << 4)) & 0x0f0f0f0f;
	v = (v | (v << 2)) & 0x33333333;
	v = (v | (v << 1)) & 0x55555555;
	return v;
}

static uint32_t local_bits(double v, double origin, double cell)
{
	double u = (v - origin) / cell * (double)(1u << TREE_DEPTH);
	if (u < 0)
		return 0;
	if (u >= (double)((1u << TREE_DEPTH) - 1))
		return (1u << TREE_DEPTH) - 1;
	return (uint32_t)u;
}

/* T_p(rho): the tail sum_{n >= p} q^n / sqrt(n!) with q = sqrt(2) rho,
 * bounded by its first term over a geometric series; inf if it diverges. */
static double tail_bound(int p, double rho)
{
	double q = sqrt(2.0) * rho, r = q / sqrt((double)p + 1), term = 1;

	if (r >= 1)
		return INFINITY;
	for (int n = 1; n <= p; n++)
		term *= q / sqrt((double)n);
	return term / (1 - r);
}

void risk_tree_release(struct risk_tree *t)
{
	free(t->x);
	free(t->y);
	free(t->w);
	free(t->src);
	free(t->keys);
	free(t->root);
	free(t->start);
	free(t->nodes);
	free(t->mom);
	memset(t, 0, sizeof(*t));
}

/* ---- building ---- */

static int32_t new_nodes(struct risk_tree *t, size_t k)
{
	if (t->nnodes + k > t->anodes) {
		size_t a = t->anodes ? t->anodes * 2 : 1024;
		while (a < t->nnodes + k)
			a *= 2;
		struct risk_tnode *v = realloc(t->nodes, a * sizeof(*v));
		if (!v)
			return -1;
		t->nodes = v;
		t->anodes = a;
	}
	t->nnodes += k;
	return (int32_t)(t->nnodes - k);
}

/* Splits node i (its points carry Morton codes `code`) down to leaves. */
static int split(struct risk_tree *t, int32_t i, const uint32_t *code, int depth)
{
	uint32_t lo = t->nodes[i].lo, hi = t->nodes[i].hi, b[5];
	int shift = 2 * (TREE_DEPTH - 1 - depth), k = 0;
	int32_t first;

	t->nodes[i].child = -1;
	t->nodes[i].nchild = 0;
	if (hi - lo <= TREE_LEAF || depth >= TREE_DEPTH)
		return 0;
	/* the quadrant numbers rise through the range: find where each starts */
	b[0] = lo;
	for (uint32_t q = 1, j = lo; q < 4; q++) {
		while (j < hi && ((code[j] >> shift) & 3) < q)
			j++;
		b[q] = j;
	}
	b[4] = hi;
	for (int q = 0; q < 4; q++)
		k += b[q + 1] > b[q];
	first = new_nodes(t, (size_t)k);
	if (first < 0)
		return -1;
	t->nodes[i].child = first;
	t->nodes[i].nchild = (uint8_t)k;
	double h2 = t->nodes[i].half / 2, cx = t->nodes[i].cx, cy = t->nodes[i].cy;
	for (int q = 0, c = first; q < 4; q++) {
		if (b[q + 1] == b[q])
			continue;
		struct risk_tnode *n = &t->nodes[c];
		memset(n, 0, sizeof(*n));
		n->cx = cx + ((q & 1) ? h2 : -h2);
		n->cy = cy + ((q & 2) ? h2 : -h2);
		n->half = h2;
		n->level = (uint8_t)(depth + 1);
		n->lo = b[q];
		n->hi = b[q + 1];
		if (split(t, c, code, depth + 1))
			return -1;
		c++;
	}
	return 0;
}

/* Chooses each node's number of terms and places its moments. */
static int plan_moments(struct risk_tree *t)
{
	size_t total = 0;
	int order[TREE_DEPTH + 1];

	for (int l = 0; l <= TREE_DEPTH; l++) {
		double rho = t->cell / 2 / (double)(1u << l) / t->delta;
		order[l] = 0;
		for (int p = 1; p <= TREE_PMAX; p++)
			t->tail[l][p - 1] = tail_bound(p, rho);
		for (int p = 2; p <= TREE_PMAX && !order[l]; p++)
			if (TREE_TAIL_FACTOR * TREE_KAPPA * t->tail[l][p - 1] <= RISK_TREE_EPS)
				order[l] = p;
	}
	for (size_t i = 0; i < t->nnodes; i++) {
		struct risk_tnode *n = &t->nodes[i];
		n->order = 0;
		if (n->hi - n->lo >= TREE_MIN_MOM)
			n->order = (uint8_t)order[n->level];
		if (n->order) {
			n->mom = (uint32_t)total;
			total += (size_t)n->order * n->order;
			if (total >= UINT32_MAX)
				return -1;
		}
	}
	t->nmom = total;
	t->mom = calloc(total ? total : 1, sizeof(double));
	return t->mom ? 0 : -1;
}

static void node_moments(const struct risk_tree *t, const struct risk_tnode *n)
{
	int p = n->order;
	double *m = t->mom + n->mom, pu[TREE_PMAX], pv[TREE_PMAX];

	for (uint32_t i = n->lo; i < n->hi; i++) {
		double u = (t->x[i] - n->cx) / t->delta, v = (t->y[i] - n->cy) / t->delta;
		pu[0] = t->w[i];
		pv[0] = 1;
		for (int a = 1; a < p; a++) {
			pu[a] = pu[a - 1] * u / a;
			pv[a] = pv[a - 1] * v / a;
		}
		for (int a = 0; a < p; a++)
			for (int b = 0; b < p; b++)
				m[a * p + b] += pu[a] * pv[b];
	}
}

struct mom_job {
	const struct risk_tree *t;
	atomic_size_t next;
};

static void *mom_worker(void *arg)
{
	struct mom_job *j = arg;
	for (;;) {
		size_t a = atomic_fetch_add(&j->next, 256);
		if (a >= j->t->nnodes)
			return NULL;
		size_t b = a + 256 < j->t->nnodes ? a + 256 : j->t->nnodes;
		for (size_t i = a; i < b; i++)
			if (j->t->nodes[i].order)
				node_moments(j->t, &j->t->nodes[i]);
	}
}

static void all_moments(const struct risk_tree *t, int nthreads)
{
	struct mom_job j = {.t = t};
	pthread_t tid[8];
	int started = 0;

	atomic_init(&j.next, 0);
	for (int k = 1; k < nthreads && k < 8; k++)
		if (pthread_create(&tid[started], NULL, mom_worker, &j) == 0)
			started++;
	mom_worker(&j);
	for (int k = 0; k < started; k++)
		pthread_join(tid[k], NULL);
}

/* Sorts the points by (top cell, Morton code, input order); *codes gets
 * the codes in that order. */
static int sort_points(struct risk_tree *t, size_t n, const double *x, const double *y,
                       const double *w, uint32_t **codes)
{
	struct tkey *k = malloc((n ? n : 1) * sizeof(*k));
	size_t nc = 0;

	if (!k)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int64_t cx, cy;
		if (risk_cell_index(x[i], t->cell, &cx) || risk_cell_index(y[i], t->cell, &cy) ||
		    !(w[i] >= 0)) {
			free(k);
			return -1;
		}
		k[i].cell = risk_cell_key(cx, cy);
		k[i].code = spread(local_bits(x[i], (double)cx * t->cell, t->cell)) |
		            spread(local_bits(y[i], (double)cy * t->cell, t->cell)) << 1;
		k[i].idx = (uint32_t)i;
	}
	qsort(k, n, sizeof(*k), tkey_cmp);
	for (size_t i = 0; i < n; i++)
		nc += i == 0 || k[i].cell != k[i - 1].cell;
	size_t m = n ? n : 1;
	t->x = malloc(m * sizeof(double));
	t->y = malloc(m * sizeof(double));
	t->w = malloc(m * sizeof(double));
	t->src = malloc(m * sizeof(uint32_t));
	*codes = malloc(m * sizeof(uint32_t));
	t->keys = malloc((nc ? nc : 1) * sizeof(int64_t));
	t->root = malloc((nc ? nc : 1) * sizeof(int32_t));
	t->start = malloc((nc ? nc : 1) * sizeof(uint32_t));
	if (!t->x || !t->y || !t->w || !t->src || !*codes || !t->keys || !t->root || !t->start) {
		free(k);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		t->x[i] = x[k[i].idx];
		t->y[i] = y[k[i].idx];
		t->w[i] = w[k[i].idx];
		t->src[i] = k[i].idx;
		(*codes)[i] = k[i].code;
		if (i == 0 || k[i].cell != k[i - 1].cell) {
			t->start[t->ncells] = (uint32_t)i;
			t->keys[t->ncells++] = k[i].cell;
		}
	}
	t->n = n;
	free(k);
	return 0;
}

/* One root per occupied top cell, each split down to its leaves. */
static int build_roots(struct risk_tree *t, const uint32_t *codes)
{
	size_t i = 0;

	for (size_t c = 0; c < t->ncells; c++) {
		size_t j = c + 1 < t->ncells ? t->start[c + 1] : t->n;
		int64_t cx, cy;
		/* the cell of its first point, as sort_points numbered it */
		risk_cell_index(t->x[i], t->cell, &cx);
		risk_cell_index(t->y[i], t->cell, &cy);
		int32_t r = new_nodes(t, 1);
		if (r < 0)
			return -1;
		struct risk_tnode *n = &t->nodes[r];
		memset(n, 0, sizeof(*n));
		n->cx = ((double)cx + 0.5) * t->cell;
		n->cy = ((double)cy + 0.5) * t->cell;
		n->half = t->cell / 2;
		n->lo = (uint32_t)i;
		n->hi = (uint32_t)j;
		t->root[c] = r;
		if (split(t, r, codes, 0))
			return -1;
		i = j;
	}
	return i == t->n ? 0 : -1;
}

int risk_tree_build(struct risk_tree *t, size_t n, const double *x, const double *y,
                    const double *w, double cell, double h, double cutoff, int nthreads)
{
	uint32_t *codes = NULL;
	int rc;

	memset(t, 0, sizeof(*t));
	t->cell = cell;
	t->delta = sqrt(2.0) * h;
	t->inv2h2 = 1.0 / (2.0 * h * h);
	t->cut2 = cutoff * cutoff;
	if (!(cell >= cutoff) || !(h > 0) || n >= UINT32_MAX)
		return -1;
	rc = sort_points(t, n, x, y, w, &codes);
	if (rc == 0)
		rc = build_roots(t, codes);
	free(codes);
	if (rc == 0)
		rc = plan_moments(t);
	if (rc == 0)
		all_moments(t, nthreads);
	return rc;
}

/* ---- evaluating ---- */

/* The direct sum over points lo..hi-1: the brute-force reference's terms. */
static double direct(const struct risk_tree *t, uint32_t lo, uint32_t hi, double sx, double sy)
{
	double p = 0;

	for (uint32_t i = lo; i < hi; i++) {
		double dx = t->x[i] - sx, dy = t->y[i] - sy;
		double d2 = dx * dx + dy * dy;
		if (d2 <= t->cut2)
			p += t->w[i] * exp(-d2 * t->inv2h2);
	}
	return p;
}

/*
 * The node's sum by its Hermite series, if the bound on the terms left out
 * is small enough against the least the node contributes (every point
 * within dmax2 of the site); returns 0 when it is not, and *out untouched.
 */
static int expand(const struct risk_tree *t, const struct risk_tnode *n, double sx, double sy,
                  double dmax2, double *out)
{
	double tx = (sx - n->cx) / t->delta, ty = (sy - n->cy) / t->delta;
	double rho = n->half / t->delta;
	double ex = exp(-tx * tx), ey = exp(-ty * ty);
	double kx = TREE_KAPPA * sqrt(ex), ky = TREE_KAPPA * sqrt(ey);
	double mx = fabs(tx) - rho, my = fabs(ty) - rho;
	double fx = mx > 0 ? exp(-mx * mx) : 1.0, fy = my > 0 ? exp(-my * my) : 1.0;
	double least = RISK_TREE_EPS * exp(-dmax2 * t->inv2h2);
	double hx[TREE_PMAX], hy[TREE_PMAX], sum = 0;
	const double *m = t->mom + n->mom, *tail = t->tail[n->level];
	int stride = n->order, p;

	/* per unit of weight, what p terms a side leave out against the least
	 * the node gives: the fewest terms that are enough, if any are */
	for (p = 2; p <= stride; p++) {
		double gx = kx * tail[p - 1], gy = ky * tail[p - 1];
		if (fx * gy + fy * gx + gx * gy <= least)
			break;
	}
	if (p > stride)
		return 0;
	hx[0] = ex;
	hy[0] = ey;
	hx[1] = 2 * tx * ex;
	hy[1] = 2 * ty * ey;
	for (int k = 1; k + 1 < p; k++) {
		hx[k + 1] = 2 * tx * hx[k] - 2 * k * hx[k - 1];
		hy[k + 1] = 2 * ty * hy[k] - 2 * k * hy[k - 1];
	}
	for (int a = 0; a < p; a++) {
		double row = 0;
		for (int b = 0; b < p; b++)
			row += m[a * stride + b] * hy[b];
		sum += hx[a] * row;
	}
	*out = sum;
	return 1;
}

static double eval_root(const struct risk_tree *t, int32_t root, double sx, double sy)
{
	int32_t stack[4 * TREE_DEPTH + 8];
	int sp = 0;
	double p = 0;

	stack[sp++] = root;
	while (sp > 0) {
		const struct risk_tnode *n = &t->nodes[stack[--sp]];
		double ax = fabs(sx - n->cx), ay = fabs(sy - n->cy);
		double nx = ax - n->half, ny = ay - n->half;
		double dmin2 = (nx > 0 ? nx * nx : 0) + (ny > 0 ? ny * ny : 0);
		double fx = ax + n->half, fy = ay + n->half, dmax2 = fx * fx + fy * fy, v;
		/* beyond the cut-off, or so far that exp() of every point's
		 * exponent is exactly 0.0 in double precision (below e^-745.2,
		 * the smallest subnormal): nothing to add, exactly */
		if (dmin2 > t->cut2 || dmin2 * t->inv2h2 > 746.0)
			continue;
		if (dmax2 <= t->cut2 && n->order && expand(t, n, sx, sy, dmax2, &v)) {
			p += v;
			continue;
		}
		if (n->child < 0) {
			p += direct(t, n->lo, n->hi, sx, sy);
			continue;
		}
		/* pushed last to first, so that they are summed first to last */
		for (int c = n->nchild - 1; c >= 0; c--)
			stack[sp++] = n->child + c;
	}
	return p;
}

/* Index of the first occupied top cell with key >= key. */
static size_t lower_bound(const struct risk_tree *t, int64_t key)
{
	size_t lo = 0, hi = t->ncells;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->keys[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

double risk_tree_eval(const struct risk_tree *t, double sx, double sy)
{
	int64_t cx, cy;
	double p = 0;

	if (!t->ncells || risk_cell_index(sx, t->cell, &cx) || risk_cell_index(sy, t->cell, &cy))
		return 0;
	for (int64_t dy = -1; dy <= 1; dy++) {
		int64_t last = risk_cell_key(cx + 1, cy + dy);
		for (size_t c = lower_bound(t, risk_cell_key(cx - 1, cy + dy));
		     c < t->ncells && t->keys[c] <= last; c++)
			p += eval_root(t, t->root[c], sx, sy);
	}
	return p;
}
