/*
 * model.h - the risk score of one site, from its inputs to the components
 * that add up to it.
 *
 *   subtotal   = exposure + incident pressure + near-repeat        (points)
 *   score      = clamp(subtotal x multiplier x (1 - credit), 0, 100)
 *
 * presented as a sum:
 *
 *   score = exposure + pressure + near-repeat
 *         + threat adjustment      (subtotal x (multiplier - 1))
 *         - protection credit      (subtotal x multiplier x credit)
 *         - clamp                  (what the 0..100 bound took off)
 *
 * Every component is a non-decreasing function of the incidents near the
 * site (each incident adds a non-negative term to the pressure and to the
 * near-repeat weight) and of the threat multiplier, so one more incident or
 * a higher threat level never lowers a score.  Pure: nothing here calls the
 * host.
 */
#ifndef RISK_MODEL_H
#define RISK_MODEL_H

#include <stdint.h>

#include "params.h"

/* What the model needs to know about one site. */
struct risk_inputs {
	int kind;            /* enum risk_kind */
	int peak_attendance; /* largest scheduled attendance; 0 with no schedule */
	double pressure;     /* P: sum of weight x kernel x decay over incidents */
	double nr_weight;    /* sum of the category weights of near-repeat incidents */
	int level;           /* threat level in force, 1 (LOW) .. 5 (CRITICAL) */
	int has_cctv;        /* a cctv.coverage.* attribute was found */
	double cctv;         /* its fraction 0..1, already scaled for its level */
	int has_guards;      /* guards.cover was found */
	double guards;       /* fraction 0..1 */
};

/* The score and every component, in points unless stated. */
struct risk_result {
	double exposure_kind;       /* kind base points (before the cap) */
	double exposure_attendance; /* attendance points (before the cap) */
	double exposure;            /* min(cap, kind + attendance) */
	double pressure;            /* cap x (1 - exp(-P / P0)) */
	double near_repeat;         /* min(cap, points x weight) */
	double subtotal;
	double multiplier; /* threat multiplier */
	double threat;     /* subtotal x (multiplier - 1); negative at LOW */
	double credit;     /* protection credit, fraction 0..max_credit */
	double protection; /* -(subtotal x multiplier x credit), <= 0 */
	double unclamped;  /* subtotal x multiplier x (1 - credit) */
	double clamp;      /* score - unclamped; 0 unless the bounds bit */
	double score;      /* 0 .. 100 */
};

/* Exposure points; *kind_pts and *att_pts (may be NULL) get the two terms. */
double risk_exposure_points(const struct risk_params *p, int kind, int peak_attendance,
                            double *kind_pts, double *att_pts);

/* Incident pressure points from the raw pressure P >= 0. */
double risk_pressure_points(const struct risk_params *p, double pressure);

/* Near-repeat points from the summed category weight W >= 0. */
double risk_near_repeat_points(const struct risk_params *p, double weight);

/* The multiplier for threat level 1..5; 1.0 for a level out of range. */
double risk_threat_multiplier(const struct risk_params *p, int level);

/* Protection credit, a fraction in [0, max_credit]; absent inputs give none. */
double risk_protection_credit(const struct risk_params *p, int has_cctv, double cctv,
                              int has_guards, double guards);

/* Computes every component of one site's score. */
void risk_score_site(const struct risk_params *p, const struct risk_inputs *in,
                     struct risk_result *out);

/*
 * The parts a score is shown as, rounded to hundredths of a point so that
 * the shown parts add up exactly to the shown score.
 */
enum risk_part {
	RISK_PART_EXPOSURE,
	RISK_PART_PRESSURE,
	RISK_PART_NEAR_REPEAT,
	RISK_PART_THREAT,
	RISK_PART_PROTECTION,
	RISK_PART_CLAMP,
	RISK_N_PARTS
};

/*
 * Rounds r's parts to hundredths: cents[RISK_N_PARTS] and *score_cents.
 * Each part is rounded to the nearest hundredth, then the fewest parts
 * needed are moved by one hundredth (those whose rounding lost most) until
 * the parts add up to the rounded score: the largest-remainder method.
 */
void risk_round_parts(const struct risk_result *r, long cents[RISK_N_PARTS], long *score_cents);

/* Formats hundredths as "12.34" / "-0.05" into buf (>= 24 bytes). */
char *risk_fmt_cents(char *buf, long cents);

/*
 * The instant an incident's age is measured from: its time, or for an
 * incident known only to the month (police.uk data, `occurred` is the
 * first of the month) the middle of that month, the expected time of an
 * event uniformly placed in it.  The month is taken from
 * occurred_unix + 12 h, so that a first of the month stored as local
 * midnight (23:00 UTC the day before in summer) still names its month.
 */
int64_t risk_reference_time(int64_t occurred_unix, int month_only);

#endif /* RISK_MODEL_H */
